import { hash } from 'node:crypto';
import { PolydriveError, throwIfAborted } from '../errors/polydrive-error.js';
import type { Hashes, HashKind } from '../model/entry.js';
import type { ContentHasher } from './content-hasher.js';
import { createHasher } from './create-hasher.js';
import { DROPBOX_BLOCK_SIZE } from './dropbox-hasher.js';

/** Feeds several hashers in one pass over the content. */
export interface MultiHasher {
  /** The kinds computed, without duplicates, in the order first asked for. */
  readonly kinds: readonly HashKind[];
  /** Feeds the next chunk to every hasher. Throws once digested. */
  update(chunk: Uint8Array): void;
  /** Finishes every hasher; later calls return equal results. */
  digest(): Hashes;
}

/** A MultiHasher for the given kinds (duplicates are computed once). */
export function createMultiHasher(kinds: Iterable<HashKind>): MultiHasher {
  const hashers: ContentHasher[] = [...new Set(kinds)].map(createHasher);
  return {
    kinds: hashers.map((hasher) => hasher.kind),
    update(chunk) {
      for (const hasher of hashers) hasher.update(chunk);
    },
    digest() {
      const hashes: Hashes = {};
      for (const hasher of hashers) hashes[hasher.kind] = hasher.digest();
      return hashes;
    },
  };
}

/** Hashes bytes (or a string, as UTF-8) already in memory. */
export function hashBytes(kind: HashKind, data: Uint8Array | string): string;
/** Hashes bytes (or a string, as UTF-8) already in memory, for several kinds at once. */
export function hashBytes(kinds: readonly HashKind[], data: Uint8Array | string): Hashes;
export function hashBytes(
  kinds: HashKind | readonly HashKind[],
  data: Uint8Array | string,
): string | Hashes {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (typeof kinds === 'string') {
    const oneShot = hashWhole(kinds, bytes);
    if (oneShot !== undefined) return oneShot;
    const hasher = createHasher(kinds);
    hasher.update(bytes);
    return hasher.digest();
  }
  const hasher = createMultiHasher(kinds);
  hasher.update(bytes);
  return hasher.digest();
}

/** Options for hashStream. */
export interface HashStreamOptions {
  /** Stops hashing with a Cancelled error when fired (checked between chunks). */
  signal?: AbortSignal;
}

/** Hashes a stream of byte chunks (Node Readable, Web ReadableStream, async generator). */
export function hashStream(
  kind: HashKind,
  source: AsyncIterable<Uint8Array>,
  options?: HashStreamOptions,
): Promise<string>;
/** Hashes a stream of byte chunks for several kinds in one pass. */
export function hashStream(
  kinds: readonly HashKind[],
  source: AsyncIterable<Uint8Array>,
  options?: HashStreamOptions,
): Promise<Hashes>;
export async function hashStream(
  kinds: HashKind | readonly HashKind[],
  source: AsyncIterable<Uint8Array>,
  options: HashStreamOptions = {},
): Promise<string | Hashes> {
  const single = typeof kinds === 'string';
  const hasher = createMultiHasher(single ? [kinds] : kinds);
  const { signal } = options;
  throwIfAborted(signal, 'hash');
  for await (const chunk of source) {
    throwIfAborted(signal, 'hash');
    if (!(chunk instanceof Uint8Array)) {
      throw new PolydriveError('InvalidArgument', {
        message: `hashStream needs byte chunks but the source yielded a ${typeof chunk}.`,
        advice: 'Pass a byte stream: do not set an encoding on a Node stream.',
        operation: 'hash',
      });
    }
    hasher.update(chunk);
  }
  const hashes = hasher.digest();
  return single ? (hashes[kinds] as string) : hashes;
}

/**
 * node:crypto's one-shot digest for the kinds it computes, and for a Dropbox hash of one block:
 * for small content the streaming hashers' set-up costs more than the hashing.
 */
function hashWhole(kind: HashKind, bytes: Uint8Array): string | undefined {
  if (kind === 'sha1' || kind === 'sha256' || kind === 'md5') return hash(kind, bytes, 'hex');
  // One block's content_hash is the SHA-256 of its SHA-256; content with no bytes has no block.
  if (kind === 'dropbox' && bytes.byteLength > 0 && bytes.byteLength <= DROPBOX_BLOCK_SIZE) {
    return hash('sha256', hash('sha256', bytes, 'buffer'), 'hex');
  }
  return undefined;
}
