import {
  type Entry,
  type FileEntry,
  type FolderEntry,
  type Hashes,
  joinPath,
  parseIsoTime,
  ROOT_PATH,
} from '@polydrive/core';

/** The parts of a Graph driveItem this provider reads. */
export interface DriveItem {
  readonly id: string;
  readonly name?: string;
  readonly size?: number;
  readonly eTag?: string;
  readonly cTag?: string;
  readonly createdDateTime?: string;
  readonly lastModifiedDateTime?: string;
  readonly webUrl?: string;
  readonly root?: Record<string, unknown>;
  readonly parentReference?: {
    readonly driveId?: string;
    readonly driveType?: string;
    readonly id?: string;
    readonly path?: string;
  };
  readonly file?: {
    readonly mimeType?: string;
    readonly hashes?: {
      readonly quickXorHash?: string;
      readonly sha1Hash?: string;
      readonly sha256Hash?: string;
    };
  };
  readonly folder?: { readonly childCount?: number };
  readonly package?: { readonly type?: string };
  readonly fileSystemInfo?: {
    readonly createdDateTime?: string;
    readonly lastModifiedDateTime?: string;
  };
  readonly deleted?: { readonly state?: string };
}

/** How a driveItem becomes an Entry: include the payload, and the path when the caller knows it. */
export interface ToEntryOptions {
  readonly raw?: boolean;
  /** The display path of the item's parent, used when Graph sent no parentReference.path. */
  readonly parentPath?: string;
}

/**
 * Turns `parentReference.path` (`/drive/root:/a%20b`, `/drives/x/root:`) into a display path,
 * or undefined when Graph did not say (delta, search) or the path is outside the root.
 */
function displayParentPath(item: DriveItem): string | undefined {
  const raw = item.parentReference?.path;
  if (raw === undefined) return undefined;
  const at = raw.indexOf('root:');
  if (at === -1) return undefined;
  const rest = raw.slice(at + 'root:'.length);
  if (rest === '' || rest === '/') return ROOT_PATH;
  // Most paths have nothing escaped; decoding them would only copy the string.
  if (!rest.includes('%')) return rest;
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function hashesOf(item: DriveItem): Hashes {
  const hashes: Writable<Hashes> = {};
  const h = item.file?.hashes;
  if (h === undefined) return hashes;
  if (h.quickXorHash) hashes.quickXor = h.quickXorHash;
  // Graph sends hex hashes upper case; Polydrive keeps hex lower case so they compare as strings.
  if (h.sha1Hash) hashes.sha1 = h.sha1Hash.toLowerCase();
  if (h.sha256Hash) hashes.sha256 = h.sha256Hash.toLowerCase();
  return hashes;
}

const NO_OPTIONS: ToEntryOptions = {};

/**
 * Maps a Graph driveItem to Polydrive's Entry. The entry is built as one object whose fields are
 * assigned one by one, never from spreads: listings map thousands of items, and spreading
 * conditional pieces cost as much as parsing the JSON that brought them.
 */
export function toEntry(item: DriveItem, options: ToEntryOptions = NO_OPTIONS): Entry {
  const isRoot = item.root !== undefined;
  const name = isRoot ? '' : (item.name ?? '');
  // OneNote notebooks come as `package` items: they hold pages like a folder and have no content.
  if (isRoot || item.folder !== undefined || item.package !== undefined) {
    const folder: Writable<FolderEntry> = { kind: 'folder', id: item.id, name };
    setCommonFields(folder, item, isRoot, options);
    if (item.folder?.childCount !== undefined) folder.childCount = item.folder.childCount;
    if (isRoot) folder.isRoot = true;
    return folder;
  }
  const file: Writable<FileEntry> = {
    kind: 'file',
    id: item.id,
    name,
    size: item.size ?? 0,
    hashes: hashesOf(item),
  };
  setCommonFields(file, item, isRoot, options);
  if (item.file?.mimeType !== undefined) file.mimeType = item.file.mimeType;
  return file;
}

/** Sets the fields files and folders share; an unknown value leaves its field out. */
function setCommonFields(
  entry: Writable<Entry>,
  item: DriveItem,
  isRoot: boolean,
  options: ToEntryOptions,
): void {
  const reference = item.parentReference;
  if (!isRoot && reference?.id !== undefined) entry.parentId = reference.id;
  if (isRoot) {
    entry.path = ROOT_PATH;
  } else {
    const parentPath = displayParentPath(item) ?? options.parentPath;
    if (parentPath !== undefined) entry.path = joinPath(parentPath, entry.name);
  }
  if (reference?.driveId !== undefined) entry.driveId = reference.driveId;
  const times = item.fileSystemInfo;
  const createdAt = parseIsoTime(times?.createdDateTime ?? item.createdDateTime);
  if (createdAt !== undefined) entry.createdAt = createdAt;
  const modifiedAt = parseIsoTime(times?.lastModifiedDateTime ?? item.lastModifiedDateTime);
  if (modifiedAt !== undefined) entry.modifiedAt = modifiedAt;
  if (item.eTag !== undefined) entry.etag = item.eTag;
  if (item.webUrl !== undefined) entry.webUrl = item.webUrl;
  if (options.raw) entry.raw = item;
}
