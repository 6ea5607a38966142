import { type Entry, type Hashes, joinPath, ROOT_PATH } from '@polydrive/core';

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
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

function toDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function hashesOf(item: DriveItem): Hashes {
  const h = item.file?.hashes;
  return {
    ...(h?.quickXorHash ? { quickXor: h.quickXorHash } : {}),
    // Graph sends hex hashes upper case; Polydrive keeps hex lower case so they compare as strings.
    ...(h?.sha1Hash ? { sha1: h.sha1Hash.toLowerCase() } : {}),
    ...(h?.sha256Hash ? { sha256: h.sha256Hash.toLowerCase() } : {}),
  };
}

/** Maps a Graph driveItem to Polydrive's Entry. */
export function toEntry(item: DriveItem, options: ToEntryOptions = {}): Entry {
  const isRoot = item.root !== undefined;
  const name = isRoot ? '' : (item.name ?? '');
  const parentPath = displayParentPath(item) ?? options.parentPath;
  const path = isRoot
    ? ROOT_PATH
    : parentPath !== undefined
      ? joinPath(parentPath, name)
      : undefined;
  const createdAt = toDate(item.fileSystemInfo?.createdDateTime ?? item.createdDateTime);
  const modifiedAt = toDate(item.fileSystemInfo?.lastModifiedDateTime ?? item.lastModifiedDateTime);
  const parentId = isRoot ? undefined : item.parentReference?.id;
  const driveId = item.parentReference?.driveId;
  const common = {
    id: item.id,
    name,
    ...(parentId !== undefined ? { parentId } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(driveId !== undefined ? { driveId } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(modifiedAt ? { modifiedAt } : {}),
    ...(item.eTag !== undefined ? { etag: item.eTag } : {}),
    ...(item.webUrl !== undefined ? { webUrl: item.webUrl } : {}),
    ...(options.raw ? { raw: item } : {}),
  };
  // OneNote notebooks come as `package` items: they hold pages like a folder and have no content.
  if (item.folder || item.package || isRoot) {
    return {
      ...common,
      kind: 'folder',
      ...(item.folder?.childCount !== undefined ? { childCount: item.folder.childCount } : {}),
      ...(isRoot ? { isRoot: true } : {}),
    };
  }
  return {
    ...common,
    kind: 'file',
    size: item.size ?? 0,
    ...(item.file?.mimeType !== undefined ? { mimeType: item.file.mimeType } : {}),
    hashes: hashesOf(item),
  };
}
