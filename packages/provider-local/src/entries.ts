import type { BigIntStats } from 'node:fs';
import type { Entry, FileEntry, FolderEntry } from '@polydrive/core';
import { PolydriveError, ROOT_PATH } from '@polydrive/core';
import type { FileHasher } from './file-hasher.js';
import { lstatExact } from './fs-calls.js';
import type { Located } from './jail.js';
import { guessMimeType } from './mime.js';

/**
 * The etag of an item: inode, size, mtime and ctime in nanoseconds. A write replaces the file
 * (new inode, or a recycled one) and is stamped with an mtime later than the one it replaces
 * (see WriteClock), so two writes of the same size in one clock tick still differ.
 */
export function etagOf(st: BigIntStats): string {
  return `"${st.ino.toString(36)}-${st.size.toString(36)}-${st.mtimeNs.toString(36)}-${st.ctimeNs.toString(36)}"`;
}

/** The error for an item that is neither a regular file nor a folder. */
export function specialFileError(): PolydriveError {
  return new PolydriveError('Unsupported', {
    message:
      'The path names a special file (link, device, socket or pipe); the local provider handles only regular files and folders.',
    advice: 'Address a regular file or a folder.',
  });
}

/** Options of `EntryReader.read`. */
export interface EntryReadOptions {
  readonly raw?: boolean;
  readonly signal?: AbortSignal;
}

/** An entry being built: optional fields are assigned only when they have a value. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Builds entries from what `lstat` says about items on disk. */
export class EntryReader {
  constructor(private readonly hasher: FileHasher | undefined) {}

  /** The entry of an item that exists; only regular files and folders have one. */
  read(item: Located, options: EntryReadOptions = {}): Promise<Entry> {
    return lstatExact(item.abs, (st) => this.fromStats(item, st, options));
  }

  /**
   * The entry of a file just written with `content`, whose `fstat` is `st`: its hashes are those
   * of the content, not of whatever the name may hold by the time they could be read.
   */
  written(item: Located, st: BigIntStats, content: Uint8Array): FileEntry {
    return fileEntry(item, st, this.hasher?.ofContent(st, content) ?? {}, {});
  }

  /**
   * The entry of an item whose `lstat` is already known: at once, unless hashes must be read.
   * Every write and listed item ends here, so no promise is made when none is needed.
   */
  fromStats(
    item: Located,
    st: BigIntStats,
    options: EntryReadOptions = {},
  ): Entry | Promise<Entry> {
    if (st.isDirectory()) return folderEntry(item, st, options);
    if (!st.isFile()) throw specialFileError();
    if (this.hasher === undefined) return fileEntry(item, st, {}, options);
    return this.hasher
      .hashes(item.abs, st, options.signal)
      .then((hashes) => fileEntry(item, st, hashes, options));
  }
}

function fileEntry(
  item: Located,
  st: BigIntStats,
  hashes: FileEntry['hashes'],
  options: EntryReadOptions,
): FileEntry {
  const { path } = item;
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  // One object with its fields in a fixed order: listings build thousands, and spreading
  // optional parts into it would copy temporary objects for each.
  const entry: Mutable<FileEntry> = {
    kind: 'file',
    id: path,
    name,
    parentId: slash === 0 ? ROOT_PATH : path.slice(0, slash),
    path,
    modifiedAt: new Date(Number(st.mtimeMs)),
    etag: etagOf(st),
    size: Number(st.size),
    mimeType: guessMimeType(name),
    hashes,
  };
  if (st.birthtimeMs > 0n) entry.createdAt = new Date(Number(st.birthtimeMs));
  if (options.raw) entry.raw = rawOf(item, st);
  return entry;
}

function folderEntry(item: Located, st: BigIntStats, options: EntryReadOptions): FolderEntry {
  const { path } = item;
  const entry: Mutable<FolderEntry> = {
    kind: 'folder',
    id: path,
    name: '',
    path,
    modifiedAt: new Date(Number(st.mtimeMs)),
    etag: etagOf(st),
  };
  if (path === ROOT_PATH) {
    entry.isRoot = true;
  } else {
    const slash = path.lastIndexOf('/');
    entry.name = path.slice(slash + 1);
    entry.parentId = slash === 0 ? ROOT_PATH : path.slice(0, slash);
  }
  if (st.birthtimeMs > 0n) entry.createdAt = new Date(Number(st.birthtimeMs));
  if (options.raw) entry.raw = rawOf(item, st);
  return entry;
}

/** The provider's own view of an item, for `raw: true`: where it is and what lstat says. */
function rawOf(item: Located, st: BigIntStats): Record<string, unknown> {
  return {
    absolutePath: item.abs,
    mode: Number(st.mode),
    uid: Number(st.uid),
    gid: Number(st.gid),
    nlink: Number(st.nlink),
    dev: st.dev.toString(),
    ino: st.ino.toString(),
    atime: new Date(Number(st.atimeMs)),
    ctime: new Date(Number(st.ctimeMs)),
  };
}
