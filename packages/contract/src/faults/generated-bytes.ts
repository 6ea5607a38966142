import { createCipheriv, createHash } from 'node:crypto';
import { createMultiHasher, type Hashes, type HashKind } from '@polydrive/core';

const MIB = 1024 * 1024;

/**
 * `size` deterministic pseudo-random bytes (an AES-CTR keystream keyed by the seed), made piece by
 * piece as they are consumed, so a large source is never held in memory.
 */
export async function* generatedBytes(
  size: number,
  seed: number,
  piece = MIB,
): AsyncGenerator<Uint8Array> {
  const key = createHash('sha256').update(`seed-${seed}`).digest();
  const keystream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  for (let done = 0; done < size; done += piece) {
    yield new Uint8Array(keystream.update(Buffer.alloc(Math.min(piece, size - done))));
  }
}

/** The hashes of `kinds` and the byte count of a source, in one pass. */
export async function digestsOf(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  kinds: readonly HashKind[],
): Promise<{ hashes: Hashes; bytes: number }> {
  const hasher = createMultiHasher(kinds);
  let bytes = 0;
  for await (const piece of source) {
    hasher.update(piece);
    bytes += piece.byteLength;
  }
  return { hashes: hasher.digest(), bytes };
}
