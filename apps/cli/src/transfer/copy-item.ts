import { type Entry, type FileEntry, PolydriveError } from '@polydrive/core';
import type { Output } from '../output/output.js';
import { startProgress } from '../output/progress.js';
import { LocalPlace } from '../places/local-place.js';
import type { CopySource, Place } from '../places/place.js';
import { RemotePlace } from '../places/remote-place.js';
import { shapeSource } from './shape-source.js';

/** Options of {@link copyItem} and {@link moveItem}. */
export interface TransferOptions {
  /** Copy folders with everything inside (`-r`). */
  readonly recursive: boolean;
  readonly chunkSize?: number;
  /** Bandwidth limit in bytes per second (`--bwlimit`). */
  readonly bytesPerSecond?: number;
  readonly output: Output;
  readonly signal: AbortSignal;
}

/** One item a copy or move produced, for the command's report. */
export interface Transferred {
  readonly kind: 'file' | 'folder';
  readonly source: string;
  readonly destination: string;
  /** Bytes of a file. */
  readonly size?: number;
  /** The byte an interrupted upload resumed at. */
  readonly resumedFrom?: number;
}

/**
 * Where a copy of `src` goes: into `dst` when it is a folder (or written as one, `dst/`), as
 * `dst` otherwise. Copying a root (`name:`) merges its content into `dst`.
 */
export async function destinationFor(src: Place, dst: Place, dstIsFolder: boolean): Promise<Place> {
  const existing = await dst.find();
  const target =
    (existing?.kind === 'folder' || dstIsFolder) && src.name !== '' ? dst.child(src.name) : dst;
  if (target.label === src.label) {
    throw new PolydriveError('InvalidArgument', {
      message: `${src.label} cannot be copied or moved onto itself.`,
      advice: 'Name another destination.',
    });
  }
  if (src.contains(target)) {
    throw new PolydriveError('InvalidArgument', {
      message: `${src.label} cannot be copied or moved into itself (${target.label}).`,
      advice: 'Choose a destination outside the folder.',
    });
  }
  return target;
}

function sameRemote(a: Place, b: Place): a is RemotePlace {
  return a instanceof RemotePlace && b instanceof RemotePlace && a.remote === b.remote;
}

/**
 * Copies a file, or a folder with `recursive`. Within one remote the provider copies
 * (server-side where it can); across remotes and to or from this machine the bytes are streamed,
 * never through a temporary file, and uploads resume after an interruption. A folder copied onto
 * an existing folder is merged into it; files of the same name are replaced.
 */
export async function copyItem(
  src: Place,
  entry: Entry,
  dst: Place,
  options: TransferOptions,
): Promise<Transferred[]> {
  if (entry.kind === 'folder' && !options.recursive) {
    throw new PolydriveError('InvalidArgument', {
      message: `${src.label} is a folder.`,
      advice: 'Pass -r to copy it with everything inside.',
    });
  }
  if (entry.kind === 'file') {
    if (sameRemote(src, dst)) return [await copyWithin(src, entry, dst as RemotePlace, options)];
    return [await streamFile(src, entry, dst, options)];
  }
  const existing = await dst.find();
  if (sameRemote(src, dst) && !existing) {
    return [await copyWithin(src, entry, dst as RemotePlace, options)];
  }
  if (!existing) await dst.mkdir({ recursive: true });
  else if (existing.kind !== 'folder') {
    throw new PolydriveError('NotAFolder', {
      message: `${dst.label} is a file, so the folder ${src.label} cannot be copied there.`,
      advice: 'Name a folder, or a path that does not exist yet.',
    });
  }
  const done: Transferred[] = [record(entry, src, dst)];
  for await (const { entry: child } of src.list({ recursive: false })) {
    done.push(...(await copyItem(src.child(child.name), child, dst.child(child.name), options)));
  }
  return done;
}

/** A copy the remote's provider makes (server-side where it can), files replacing files. */
async function copyWithin(
  src: RemotePlace,
  entry: Entry,
  dst: RemotePlace,
  options: TransferOptions,
): Promise<Transferred> {
  const progress = startProgress(options.output, src.name, entry.kind === 'file' ? entry.size : 0);
  try {
    await src.guard(
      src.drive.copy(src.path, dst.path, {
        conflict: entry.kind === 'file' ? 'replace' : 'fail',
        signal: options.signal,
        onProgress: (p) => progress.update(p.bytes),
      }),
    );
  } finally {
    progress.stop();
  }
  return record(entry, src, dst);
}

/**
 * Moves a file or folder: one rename within a remote or on this machine, else a copy followed by
 * removing the source (only once the copy is complete).
 */
export async function moveItem(
  src: Place,
  entry: Entry,
  dst: Place,
  options: TransferOptions,
): Promise<Transferred[]> {
  if (sameRemote(src, dst)) {
    await src.guard(
      src.drive.move(src.path, (dst as RemotePlace).path, {
        conflict: entry.kind === 'file' ? 'replace' : 'fail',
        signal: options.signal,
      }),
    );
    return [record(entry, src, dst)];
  }
  if (src instanceof LocalPlace && dst instanceof LocalPlace) {
    try {
      await src.renameTo(dst);
      return [record(entry, src, dst)];
    } catch (err) {
      // Across file systems a rename cannot work: fall back to copying.
      if (!(err instanceof PolydriveError) || !isCrossDevice(err)) throw err;
    }
  }
  const done = await copyItem(src, entry, dst, { ...options, recursive: true });
  await src.remove({ recursive: true });
  return done;
}

function isCrossDevice(err: PolydriveError): boolean {
  const cause = err.cause as { code?: unknown } | undefined;
  return cause?.code === 'EXDEV';
}

async function streamFile(
  src: Place,
  entry: FileEntry,
  dst: Place,
  options: TransferOptions,
): Promise<Transferred> {
  const progress = startProgress(options.output, src.name, entry.size);
  const source: CopySource = {
    size: entry.size,
    identity: src.identity(entry),
    open: async () =>
      shapeSource(await src.read(), {
        signal: options.signal,
        onBytes: (bytes) => progress.update(bytes),
        ...(options.bytesPerSecond ? { bytesPerSecond: options.bytesPerSecond } : {}),
      }),
  };
  try {
    const result = await dst.writeFile(
      source,
      options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {},
    );
    return {
      ...record(entry, src, dst),
      ...(result.resumedFrom !== undefined ? { resumedFrom: result.resumedFrom } : {}),
    };
  } finally {
    progress.stop();
  }
}

function record(entry: Entry, src: Place, dst: Place): Transferred {
  return {
    kind: entry.kind,
    source: src.label,
    destination: dst.label,
    ...(entry.kind === 'file' ? { size: entry.size } : {}),
  };
}
