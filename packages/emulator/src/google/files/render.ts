import { isoMillis } from '../../server/clock.js';
import type { GoogleAccount } from '../accounts.js';
import { EXPORT_FORMATS, exportExtension } from '../drive/export.js';
import type { GoogleState } from '../state.js';
import { canDelete, canShare, canWrite, roleOn } from './access.js';
import {
  type DriveFile,
  docKindOf,
  isFolder,
  type PermissionRole,
  type StoredPermission,
} from './file.js';

/** RFC 3339 with milliseconds, as Drive prints times. */
export function driveTime(ms: number): string {
  return isoMillis(ms);
}

/** A `drive#user` for an account (or a stand-in for an id that is gone). */
export function renderUser(
  state: GoogleState,
  accountId: string,
  viewer: GoogleAccount,
): Record<string, unknown> {
  const account = state.accounts.find(accountId);
  return {
    kind: 'drive#user',
    displayName: account?.displayName ?? 'Unknown user',
    ...(account ? { emailAddress: account.email, permissionId: account.permissionId } : {}),
    me: accountId === viewer.id,
  };
}

/** What rendering one file needs; the role and permissions are found once, when a field asks. */
class FileView {
  #role: { value: PermissionRole | undefined } | undefined;
  #permissions: Record<string, unknown>[] | undefined;

  constructor(
    readonly state: GoogleState,
    readonly file: DriveFile,
    readonly viewer: GoogleAccount,
  ) {}

  get role(): PermissionRole | undefined {
    this.#role ??= { value: roleOn(this.state, this.viewer, this.file) };
    return this.#role.value;
  }

  get permissions(): Record<string, unknown>[] {
    this.#permissions ??= permissionsOf(this.state, this.file);
    return this.#permissions;
  }
}

type FileField = readonly [name: string, render: (view: FileView) => unknown];

/** The fields of a `drive#file` in Drive's order; `undefined` leaves a field out. */
const FILE_FIELDS: readonly FileField[] = [
  ['kind', () => 'drive#file'],
  ['id', ({ file }) => file.id],
  ['name', ({ file }) => file.name],
  ['mimeType', ({ file }) => file.mimeType],
  ['starred', ({ file }) => file.starred],
  ['trashed', ({ file }) => file.trashed],
  ['explicitlyTrashed', ({ file }) => file.explicitlyTrashed],
  ['spaces', () => ['drive']],
  ['version', ({ file }) => String(file.version)],
  ['webViewLink', ({ file }) => webViewLink(file)],
  [
    'iconLink',
    ({ file }) => `https://drive-thirdparty.googleusercontent.com/16/type/${file.mimeType}`,
  ],
  ['hasThumbnail', () => false],
  ['thumbnailVersion', () => '0'],
  ['viewedByMe', ({ file, viewer }) => file.ownerId === viewer.id],
  ['createdTime', ({ file }) => driveTime(file.created)],
  ['modifiedTime', ({ file }) => driveTime(file.modified)],
  ['modifiedByMe', ({ file, viewer }) => file.lastModifyingUserId === viewer.id],
  [
    'lastModifyingUser',
    ({ state, file, viewer }) => renderUser(state, file.lastModifyingUserId, viewer),
  ],
  ['shared', ({ file }) => file.permissions.length > 0],
  ['ownedByMe', ({ file, viewer }) => file.driveId === undefined && file.ownerId === viewer.id],
  ['viewersCanCopyContent', () => true],
  ['copyRequiresWriterPermission', () => false],
  ['writersCanShare', () => true],
  ['capabilities', capabilities],
  ['permissionIds', (view) => view.permissions.map((permission) => permission.id)],
  ['quotaBytesUsed', ({ file }) => String(file.blob?.size ?? 0)],
  ['parents', ({ file }) => (file.parents.length > 0 ? [...file.parents] : undefined)],
  ['driveId', ({ file }) => file.driveId],
  ['teamDriveId', ({ file }) => file.driveId],
  [
    'owners',
    ({ state, file, viewer }) =>
      file.driveId === undefined ? [renderUser(state, file.ownerId, viewer)] : undefined,
  ],
  ['permissions', (view) => (canShare(view.role) ? view.permissions : undefined)],
  [
    'trashedTime',
    ({ file }) => (file.trashedTime === undefined ? undefined : driveTime(file.trashedTime)),
  ],
  ['description', ({ file }) => file.description],
  ['appProperties', ({ file }) => bag(file.appProperties)],
  ['properties', ({ file }) => bag(file.properties)],
  ['size', ({ file }) => size(file)],
  ['md5Checksum', ({ file }) => file.blob?.md5],
  ['sha1Checksum', ({ file }) => file.blob?.sha1],
  ['sha256Checksum', ({ file }) => file.blob?.sha256],
  [
    'webContentLink',
    ({ file }) =>
      file.blob ? `https://drive.google.com/uc?id=${file.id}&export=download` : undefined,
  ],
  ['headRevisionId', ({ file }) => (file.blob ? file.headRevisionId : undefined)],
  ['originalFilename', ({ file }) => (file.blob ? file.originalFilename : undefined)],
  ['fullFileExtension', ({ file }) => (file.blob ? fileExtension(file)?.full : undefined)],
  ['fileExtension', ({ file }) => (file.blob ? fileExtension(file)?.last : undefined)],
  ['exportLinks', ({ file }) => exportLinks(file)],
];

/**
 * The `drive#file` resource as the viewer sees it, with only the `fields` named in `only` (all
 * of them when it is undefined): a listing that asks for a few fields does not pay for the
 * others. `fields` then selects within them.
 */
export function renderFile(
  state: GoogleState,
  file: DriveFile,
  viewer: GoogleAccount,
  only?: ReadonlySet<string>,
): Record<string, unknown> {
  const view = new FileView(state, file, viewer);
  const out: Record<string, unknown> = {};
  for (const [name, render] of FILE_FIELDS) {
    if (only && !only.has(name)) continue;
    const value = render(view);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function capabilities(view: FileView): Record<string, boolean> {
  const { file, role } = view;
  const writable = canWrite(role);
  const folder = isFolder(file);
  return {
    canEdit: writable,
    canCopy: !folder && role !== undefined,
    canComment: role !== undefined && role !== 'reader',
    canDelete: canDelete(file, role),
    canDownload: role !== undefined && docKindOf(file.mimeType) === undefined && !folder,
    canTrash: writable,
    canUntrash: writable,
    canRename: writable,
    canShare: canShare(role),
    canAddChildren: folder && writable,
    canListChildren: folder,
    canRemoveChildren: folder && writable,
    canModifyContent: writable && !folder,
    canMoveItemWithinDrive: writable,
    canReadRevisions: writable && !folder,
  };
}

function bag(values: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(values).length > 0 ? { ...values } : undefined;
}

/** Bytes of binary content, or of a document's text. */
function size(file: DriveFile): string | undefined {
  if (file.blob) return String(file.blob.size);
  if (docKindOf(file.mimeType) === undefined) return undefined;
  return String(Buffer.byteLength(file.docText ?? '', 'utf8'));
}

function exportLinks(file: DriveFile): Record<string, string> | undefined {
  const docKind = docKindOf(file.mimeType);
  if (docKind === undefined) return undefined;
  const formats = EXPORT_FORMATS[docKind];
  if (formats.length === 0) return undefined;
  return Object.fromEntries(
    formats.map((format) => [
      format,
      `https://docs.google.com/feeds/download/${docKind}s/Export?id=${file.id}&exportFormat=${exportExtension(format)}`,
    ]),
  );
}

/** The permissions a file shows: its owner (My Drive) or the drive's members, then its own. */
export function permissionsOf(state: GoogleState, file: DriveFile): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  if (file.driveId === undefined) {
    const owner = state.accounts.find(file.ownerId);
    if (owner) {
      out.push({
        kind: 'drive#permission',
        id: owner.permissionId,
        type: 'user',
        role: 'owner',
        emailAddress: owner.email,
        displayName: owner.displayName,
        deleted: false,
        pendingOwner: false,
      });
    }
  } else {
    const drive = state.sharedDrives.get(file.driveId);
    for (const [accountId, role] of drive?.members ?? []) {
      const member = state.accounts.find(accountId);
      if (!member) continue;
      out.push({
        kind: 'drive#permission',
        id: member.permissionId,
        type: 'user',
        role,
        emailAddress: member.email,
        displayName: member.displayName,
        deleted: false,
        pendingOwner: false,
        permissionDetails: [
          { permissionType: 'member', role, inherited: true, inheritedFrom: file.driveId },
        ],
      });
    }
  }
  for (const permission of file.permissions) out.push(renderPermission(permission));
  return out;
}

/** A stored permission as a `drive#permission`. */
export function renderPermission(permission: StoredPermission): Record<string, unknown> {
  return {
    kind: 'drive#permission',
    id: permission.id,
    type: permission.type,
    role: permission.role,
    ...(permission.emailAddress !== undefined ? { emailAddress: permission.emailAddress } : {}),
    ...(permission.domain !== undefined ? { domain: permission.domain } : {}),
    ...(permission.displayName !== undefined ? { displayName: permission.displayName } : {}),
    ...(permission.allowFileDiscovery !== undefined
      ? { allowFileDiscovery: permission.allowFileDiscovery }
      : {}),
    ...(permission.expirationTime !== undefined
      ? { expirationTime: driveTime(permission.expirationTime) }
      : {}),
    deleted: false,
    pendingOwner: false,
  };
}

function webViewLink(file: DriveFile): string {
  if (isFolder(file)) return `https://drive.google.com/drive/folders/${file.id}`;
  const kind = docKindOf(file.mimeType);
  if (kind === undefined) return `https://drive.google.com/file/d/${file.id}/view?usp=drivesdk`;
  const path: Record<string, string> = {
    document: 'document',
    spreadsheet: 'spreadsheets',
    presentation: 'presentation',
    drawing: 'drawings',
    form: 'forms',
  };
  return `https://docs.google.com/${path[kind] ?? kind}/d/${file.id}/edit?usp=drivesdk`;
}

function fileExtension(file: DriveFile): { full: string; last: string } | undefined {
  const dot = file.name.indexOf('.', 1);
  if (dot === -1 || dot === file.name.length - 1) return undefined;
  const full = file.name.slice(dot + 1);
  return { full, last: full.slice(full.lastIndexOf('.') + 1) };
}
