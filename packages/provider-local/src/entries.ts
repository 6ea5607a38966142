import type { BigIntStats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { Entry } from '@polydrive/core';
import { PolydriveError, ROOT_PATH, splitPath } from '@polydrive/core';
import type { FileHasher } from './file-hasher.js';
import type { Located } from './jail.js';
import { guessMimeType } from './mime.js';

/**
 * The etag of an item: inode, size, mtime and ctime in nanoseconds. A write replaces the file
 * (new inode, or a recycled one) and is stamped with an mtime later than the one it replaces
 * (see WriteClock), so two writes of the same size in one clock tick still differ.
 */
export function etagOf(st: BigIntStats): string {
  return `"${[st.ino, st.size, st.mtimeNs, st.ctimeNs].map((n) => n.toString(36)).join('-')}"`;
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

/** Builds entries from what `lstat` says about items on disk. */
export class EntryReader {
  constructor(private readonly hasher: FileHasher | undefined) {}

  /** The entry of an item that exists; only regular files and folders have one. */
  async read(item: Located, options: EntryReadOptions = {}): Promise<Entry> {
    const st = await lstat(item.abs, { bigint: true });
    return this.fromStats(item, st, options);
  }

  /** The entry of an item whose `lstat` is already known. */
  async fromStats(item: Located, st: BigIntStats, options: EntryReadOptions = {}): Promise<Entry> {
    const isRoot = item.path === ROOT_PATH;
    const location = isRoot ? { name: '' } : splitPath(item.path);
    const base = {
      id: item.path,
      name: location.name,
      ...('parent' in location ? { parentId: location.parent } : {}),
      path: item.path,
      modifiedAt: new Date(Number(st.mtimeMs)),
      ...(st.birthtimeMs > 0n ? { createdAt: new Date(Number(st.birthtimeMs)) } : {}),
      etag: etagOf(st),
      ...(options.raw ? { raw: rawOf(item, st) } : {}),
    };
    if (st.isDirectory()) return { ...base, kind: 'folder', ...(isRoot ? { isRoot: true } : {}) };
    if (!st.isFile()) throw specialFileError();
    return {
      ...base,
      kind: 'file',
      size: Number(st.size),
      mimeType: guessMimeType(location.name),
      hashes: this.hasher ? await this.hasher.hashes(item.abs, st, options.signal) : {},
    };
  }
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
