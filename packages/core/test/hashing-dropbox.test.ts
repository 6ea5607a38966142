import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHasher, DROPBOX_BLOCK_SIZE, hashBytes } from '../src/hashing/index.js';

const MiB = 1024 * 1024;

/** The definition: SHA-256 of the concatenated SHA-256 digests of each 4 MiB block. */
function referenceContentHash(data: Uint8Array): string {
  const digests: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += 4 * MiB) {
    digests.push(
      createHash('sha256')
        .update(data.subarray(offset, offset + 4 * MiB))
        .digest(),
    );
  }
  return createHash('sha256').update(Buffer.concat(digests)).digest('hex');
}

/** Cheap, non-repeating-per-block content: a block-sized repeat would hide block mix-ups. */
function content(length: number): Uint8Array {
  const data = new Uint8Array(length);
  for (let i = 0; i < length; i++) data[i] = (i * 31 + (i >>> 12)) & 0xff;
  return data;
}

function dropboxInChunks(data: Uint8Array, sizes: readonly number[]): string {
  const hasher = createHasher('dropbox');
  let offset = 0;
  for (let s = 0; offset < data.length; s++) {
    const size = sizes[s % sizes.length] as number;
    hasher.update(data.subarray(offset, offset + size));
    offset += size;
  }
  return hasher.digest();
}

describe('dropbox content hash', () => {
  it('uses 4 MiB blocks', () => {
    expect(DROPBOX_BLOCK_SIZE).toBe(4_194_304);
  });

  it('matches the published vectors', () => {
    expect(hashBytes('dropbox', '')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hashBytes('dropbox', 'hello')).toBe(
      '9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50',
    );
  });

  it('matches the definition around and across block boundaries', () => {
    const data = content(9 * MiB + 123);
    for (const length of [4 * MiB - 1, 4 * MiB, 4 * MiB + 1, 8 * MiB, 8 * MiB + 1, data.length]) {
      const slice = data.subarray(0, length);
      expect(hashBytes('dropbox', slice), `length ${length}`).toBe(referenceContentHash(slice));
    }
  });

  it('gives the same hash however the bytes are split into chunks', () => {
    const data = content(9 * MiB + 123);
    const expected = referenceContentHash(data);
    const splits = [[MiB + 7], [4093], [4 * MiB - 1], [4 * MiB + 1], [4 * MiB - 1, 2], [5 * MiB]];
    for (const sizes of splits) {
      expect(dropboxInChunks(data, sizes), `chunks of ${sizes.join(',')}`).toBe(expected);
    }
  });

  it('gives the same hash fed one byte at a time', () => {
    const data = content(1000);
    expect(dropboxInChunks(data, [1])).toBe(referenceContentHash(data));
  });

  it('is lowercase hex', () => {
    expect(hashBytes('dropbox', content(10))).toMatch(/^[0-9a-f]{64}$/);
  });
});
