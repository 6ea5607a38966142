import type { GoogleAccount } from '../accounts.js';
import { EXPORT_FORMATS, exportExtension } from '../drive/export.js';
import type { GoogleState } from '../state.js';
import { canDelete, canShare, canWrite, roleOn } from './access.js';
import { type DriveFile, docKindOf, isFolder, type StoredPermission } from './file.js';

/** RFC 3339 with milliseconds, as Drive prints times. */
export function driveTime(ms: number): string {
  return new Date(ms).toISOString();
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

/** The full `drive#file` resource as the viewer sees it; `fields` selects from it. */
export function renderFile(
  state: GoogleState,
  file: DriveFile,
  viewer: GoogleAccount,
): Record<string, unknown> {
  const role = roleOn(state, viewer, file);
  const writable = canWrite(role);
  const folder = isFolder(file);
  const docKind = docKindOf(file.mimeType);
  const permissions = permissionsOf(state, file);
  const extension = fileExtension(file);
  const out: Record<string, unknown> = {
    kind: 'drive#file',
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    starred: file.starred,
    trashed: file.trashed,
    explicitlyTrashed: file.explicitlyTrashed,
    spaces: ['drive'],
    version: String(file.version),
    webViewLink: webViewLink(file),
    iconLink: `https://drive-thirdparty.googleusercontent.com/16/type/${file.mimeType}`,
    hasThumbnail: false,
    thumbnailVersion: '0',
    viewedByMe: file.ownerId === viewer.id,
    createdTime: driveTime(file.created),
    modifiedTime: driveTime(file.modified),
    modifiedByMe: file.lastModifyingUserId === viewer.id,
    lastModifyingUser: renderUser(state, file.lastModifyingUserId, viewer),
    shared: file.permissions.length > 0,
    ownedByMe: file.driveId === undefined && file.ownerId === viewer.id,
    viewersCanCopyContent: true,
    copyRequiresWriterPermission: false,
    writersCanShare: true,
    capabilities: {
      canEdit: writable,
      canCopy: !folder && role !== undefined,
      canComment: role !== undefined && role !== 'reader',
      canDelete: canDelete(file, role),
      canDownload: role !== undefined && docKind === undefined && !folder,
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
    },
    permissionIds: permissions.map((permission) => permission.id),
    quotaBytesUsed: String(file.blob?.bytes.length ?? 0),
  };
  if (file.parents.length > 0) out.parents = [...file.parents];
  if (file.driveId !== undefined) {
    out.driveId = file.driveId;
    out.teamDriveId = file.driveId;
  } else {
    out.owners = [renderUser(state, file.ownerId, viewer)];
  }
  if (canShare(role)) out.permissions = permissions;
  if (file.trashedTime !== undefined) out.trashedTime = driveTime(file.trashedTime);
  if (file.description !== undefined) out.description = file.description;
  if (Object.keys(file.appProperties).length > 0) out.appProperties = { ...file.appProperties };
  if (Object.keys(file.properties).length > 0) out.properties = { ...file.properties };
  if (file.blob) {
    out.size = String(file.blob.bytes.length);
    out.md5Checksum = file.blob.md5;
    out.sha1Checksum = file.blob.sha1;
    out.sha256Checksum = file.blob.sha256;
    out.webContentLink = `https://drive.google.com/uc?id=${file.id}&export=download`;
    if (file.headRevisionId !== undefined) out.headRevisionId = file.headRevisionId;
    if (file.originalFilename !== undefined) out.originalFilename = file.originalFilename;
    if (extension !== undefined) {
      out.fullFileExtension = extension.full;
      out.fileExtension = extension.last;
    }
  }
  if (docKind !== undefined) {
    out.size = String(Buffer.byteLength(file.docText ?? '', 'utf8'));
    const formats = EXPORT_FORMATS[docKind];
    if (formats.length > 0) {
      out.exportLinks = Object.fromEntries(
        formats.map((format) => [
          format,
          `https://docs.google.com/feeds/download/${docKind}s/Export?id=${file.id}&exportFormat=${exportExtension(format)}`,
        ]),
      );
    }
  }
  return out;
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
