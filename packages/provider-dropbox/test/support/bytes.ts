import { createCipheriv, createHash } from 'node:crypto';
import { createHasher } from '@polydrive/core';

const MIB = 1024 * 1024;

/**
 * `size` deterministic pseudo-random bytes (an AES-CTR keystream keyed by the seed), made piece by
 * piece as they are consumed, so a large source is never held in memory.
 */
export async function* generated(
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

/** SHA-256 and Dropbox content_hash of a source. */
export async function digestsOf(
  source: AsyncIterable<Uint8Array>,
): Promise<{ sha256: string; dropbox: string; bytes: number }> {
  const sha = createHash('sha256');
  const dropbox = createHasher('dropbox');
  let bytes = 0;
  for await (const piece of source) {
    sha.update(piece);
    dropbox.update(piece);
    bytes += piece.byteLength;
  }
  return { sha256: sha.digest('hex'), dropbox: dropbox.digest(), bytes };
}
