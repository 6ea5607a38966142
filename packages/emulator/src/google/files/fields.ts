import { DriveError } from '../drive/errors.js';

/** A parsed `fields` selection: everything below this point, or the named keys. */
export interface Selection {
  all: boolean;
  readonly keys: Map<string, Selection>;
}

/** Resource shapes, for checking selections: key -> nested resource name, or null for a leaf. */
type Schema = Record<string, string | null>;

const leaves = (names: string): Schema =>
  Object.fromEntries(names.split(' ').map((name) => [name, null]));

const SCHEMAS: Record<string, Schema> = {
  File: {
    ...leaves(
      'appProperties capabilities clientEncryptionDetails contentHints contentRestrictions copyRequiresWriterPermission createdTime description downloadRestrictions driveId explicitlyTrashed exportLinks fileExtension folderColorRgb fullFileExtension hasAugmentedPermissions hasThumbnail headRevisionId iconLink id imageMediaMetadata inheritedPermissionsDisabled isAppAuthorized kind labelInfo linkShareMetadata md5Checksum mimeType modifiedByMe modifiedByMeTime modifiedTime name originalFilename ownedByMe parents permissionIds properties quotaBytesUsed resourceKey sha1Checksum sha256Checksum shared sharedWithMeTime shortcutDetails size spaces starred teamDriveId thumbnailLink thumbnailVersion trashed trashedTime version videoMediaMetadata viewedByMe viewedByMeTime viewersCanCopyContent webContentLink webViewLink writersCanShare',
    ),
    owners: 'User',
    lastModifyingUser: 'User',
    sharingUser: 'User',
    trashingUser: 'User',
    permissions: 'Permission',
  },
  FileList: { ...leaves('kind nextPageToken incompleteSearch'), files: 'File' },
  Permission: leaves(
    'allowFileDiscovery deleted displayName domain emailAddress expirationTime id inheritedPermissionsDisabled kind pendingOwner permissionDetails photoLink role teamDrivePermissionDetails type view',
  ),
  PermissionList: { ...leaves('kind nextPageToken'), permissions: 'Permission' },
  Change: {
    ...leaves('changeType driveId fileId kind removed teamDrive teamDriveId time type'),
    file: 'File',
    drive: 'Drive',
  },
  ChangeList: { ...leaves('kind newStartPageToken nextPageToken'), changes: 'Change' },
  StartPageToken: leaves('kind startPageToken'),
  About: {
    ...leaves(
      'appInstalled canCreateDrives canCreateTeamDrives driveThemes exportFormats folderColorPalette importFormats kind maxImportSizes maxUploadSize storageQuota teamDriveThemes',
    ),
    user: 'User',
  },
  User: leaves('displayName emailAddress kind me permissionId photoLink'),
  Drive: leaves(
    'backgroundImageFile backgroundImageLink capabilities colorRgb createdTime hidden id kind name orgUnitId restrictions themeId',
  ),
  DriveList: { ...leaves('kind nextPageToken'), drives: 'Drive' },
};

/** The resource names a response can be checked against. */
export type ResourceName = keyof typeof SCHEMAS & string;

/** Selections parsed before, by resource and text: clients send the same few again and again. */
const parsed = new Map<string, Selection>();
const PARSED_LIMIT = 256;

/**
 * Parses the `fields` parameter (partial-response syntax: `a,b/c,d(e,f),*`) and checks every
 * name against the resource; a name the resource does not have is a 400 invalidParameter. The
 * selection returned is shared: it must not be changed.
 */
export function parseFields(text: string, resource: ResourceName): Selection {
  const key = `${resource}:${text}`;
  const known = parsed.get(key);
  if (known) return known;
  const parser = new FieldParser(text);
  const selection = parser.parse();
  check(selection, resource, text);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(key, selection);
  return selection;
}

/** The top-level names a selection keeps; undefined when it keeps everything. */
export function selectedKeys(selection: Selection): ReadonlySet<string> | undefined {
  return selection.all ? undefined : new Set(selection.keys.keys());
}

/** Keeps only the selected parts of a JSON value (arrays are projected element by element). */
export function project(value: unknown, selection: Selection): unknown {
  if (selection.all || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => project(item, selection));
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of selection.keys) {
    if (source[key] !== undefined) out[key] = project(source[key], sub);
  }
  return out;
}

function invalidSelection(text: string): DriveError {
  return new DriveError(400, 'invalidParameter', `Invalid field selection ${text}`, {
    location: 'fields',
    locationType: 'parameter',
  });
}

function check(selection: Selection, resource: string | null, text: string): void {
  if (selection.all || resource === null) return;
  const schema = SCHEMAS[resource];
  if (!schema) return;
  for (const [key, sub] of selection.keys) {
    if (!(key in schema)) throw invalidSelection(key);
    check(sub, schema[key] ?? null, text);
  }
}

function emptySelection(): Selection {
  return { all: false, keys: new Map() };
}

function merge(into: Selection, key: string, sub: Selection): void {
  const existing = into.keys.get(key);
  if (!existing) {
    into.keys.set(key, sub);
    return;
  }
  if (sub.all) existing.all = true;
  for (const [name, nested] of sub.keys) merge(existing, name, nested);
}

class FieldParser {
  #pos = 0;

  constructor(private readonly text: string) {}

  parse(): Selection {
    const selection = this.#list();
    if (this.#pos !== this.text.length) throw invalidSelection(this.text);
    return selection;
  }

  #list(): Selection {
    const selection = emptySelection();
    for (;;) {
      this.#skipSpace();
      this.#item(selection);
      this.#skipSpace();
      if (this.text[this.#pos] !== ',') return selection;
      this.#pos += 1;
    }
  }

  #item(into: Selection): void {
    const path = [this.#name()];
    while (this.text[this.#pos] === '/') {
      this.#pos += 1;
      path.push(this.#name());
    }
    let leaf: Selection = { all: true, keys: new Map() };
    if (this.text[this.#pos] === '(') {
      this.#pos += 1;
      leaf = this.#list();
      if (this.text[this.#pos] !== ')') throw invalidSelection(this.text);
      this.#pos += 1;
    }
    let node = leaf;
    for (let i = path.length - 1; i >= 1; i--) {
      const parent = emptySelection();
      if (path[i] === '*') parent.all = true;
      else parent.keys.set(path[i] as string, node);
      node = parent;
    }
    const first = path[0] as string;
    if (first === '*') into.all = true;
    else merge(into, first, node);
  }

  #name(): string {
    const match = /^(\*|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.text.slice(this.#pos));
    if (!match) throw invalidSelection(this.text);
    this.#pos += (match[1] as string).length;
    return match[1] as string;
  }

  #skipSpace(): void {
    while (this.text[this.#pos] === ' ') this.#pos += 1;
  }
}
