import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PolydriveError } from '../src/errors/index.js';
import {
  createHasher,
  createMultiHasher,
  HASH_KINDS,
  hashBytes,
  hashStream,
  isHashKind,
} from '../src/hashing/index.js';
import type { HashKind } from '../src/model/index.js';

const FOX = 'The quick brown fox jumps over the lazy dog';

async function* chunksOf(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) {
    yield data.subarray(offset, offset + size);
  }
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('sha1, sha256 and md5', () => {
  it('match the standard vectors as lowercase hex', () => {
    expect(hashBytes(['sha1', 'sha256', 'md5'], '')).toEqual({
      sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
    });
    expect(hashBytes(['sha1', 'sha256', 'md5'], 'abc')).toEqual({
      sha1: 'a9993e364706816aba3e25717850c26c9cd0d89d',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      md5: '900150983cd24fb0d6963f7d28e17f72',
    });
    expect(hashBytes(['sha1', 'sha256', 'md5'], FOX)).toEqual({
      sha1: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12',
      sha256: 'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592',
      md5: '9e107d9d372bb6826bd81d3542a419d6',
    });
  });

  it('give the same hash fed one byte at a time', () => {
    for (const kind of ['sha1', 'sha256', 'md5'] as const) {
      const hasher = createHasher(kind);
      for (const byte of Buffer.from(FOX)) hasher.update(Uint8Array.of(byte));
      expect(hasher.digest()).toBe(hashBytes(kind, FOX));
    }
  });
});

describe('createHasher', () => {
  it('makes a hasher for every kind, labelled with its kind', () => {
    for (const kind of HASH_KINDS) expect(createHasher(kind).kind).toBe(kind);
  });

  it('rejects an unknown kind with InvalidArgument naming the known ones', () => {
    const err = errorOf(() => createHasher('crc32' as HashKind));
    expect(err).toBeInstanceOf(PolydriveError);
    expect((err as PolydriveError).code).toBe('InvalidArgument');
    expect((err as PolydriveError).message).toContain('"crc32"');
    expect((err as PolydriveError).message).toContain('quickXor');
  });

  it('returns the same digest when asked twice, and refuses data after digesting', () => {
    for (const kind of HASH_KINDS) {
      const hasher = createHasher(kind);
      hasher.update(Buffer.from(FOX));
      const first = hasher.digest();
      expect(hasher.digest()).toBe(first);
      const err = errorOf(() => hasher.update(Buffer.from('more')));
      expect((err as PolydriveError).code).toBe('InvalidArgument');
      expect(hasher.digest()).toBe(first);
    }
  });

  it('keeps no reference to a chunk after update', () => {
    for (const kind of HASH_KINDS) {
      const chunk = Buffer.from(FOX.repeat(10));
      const hasher = createHasher(kind);
      hasher.update(chunk);
      chunk.fill(0);
      expect(hasher.digest(), kind).toBe(hashBytes(kind, FOX.repeat(10)));
    }
  });
});

describe('isHashKind', () => {
  it('accepts exactly the known kinds', () => {
    for (const kind of HASH_KINDS) expect(isHashKind(kind)).toBe(true);
    expect(isHashKind('crc32')).toBe(false);
    expect(isHashKind('SHA1')).toBe(false);
    expect(isHashKind(undefined)).toBe(false);
  });
});

describe('createMultiHasher', () => {
  it('computes every kind in one pass, equal to hashing each separately', () => {
    const data = Buffer.from(FOX.repeat(100));
    const multi = createMultiHasher(HASH_KINDS);
    for (let offset = 0; offset < data.length; offset += 37) {
      multi.update(data.subarray(offset, offset + 37));
    }
    const hashes = multi.digest();
    expect(Object.keys(hashes).sort()).toEqual([...HASH_KINDS].sort());
    for (const kind of HASH_KINDS) expect(hashes[kind]).toBe(hashBytes(kind, data));
  });

  it('computes a repeated kind once', () => {
    const multi = createMultiHasher(['sha1', 'md5', 'sha1']);
    expect(multi.kinds).toEqual(['sha1', 'md5']);
    multi.update(Buffer.from('abc'));
    expect(multi.digest()).toEqual(hashBytes(['sha1', 'md5'], 'abc'));
  });

  it('returns no hashes when asked for no kinds', () => {
    const multi = createMultiHasher([]);
    multi.update(Buffer.from('abc'));
    expect(multi.digest()).toEqual({});
  });

  it('refuses data after digesting', () => {
    const multi = createMultiHasher(['sha256']);
    multi.digest();
    expect(() => multi.update(Buffer.from('x'))).toThrow(PolydriveError);
  });
});

describe('hashBytes', () => {
  it('equals the streaming hashers at every size, around the Dropbox block too', () => {
    const block = 4 * 1024 * 1024;
    const big = new Uint8Array(block + 1).map((_, i) => (i * 31 + 7) & 0xff);
    for (const size of [0, 1, 1000, block - 1, block, block + 1]) {
      const data = big.subarray(0, size);
      for (const kind of HASH_KINDS) {
        const streamed = createHasher(kind);
        for (let offset = 0; offset < size; offset += 65_536) {
          streamed.update(data.subarray(offset, offset + 65_536));
        }
        expect(hashBytes(kind, data), `${kind} of ${size} bytes`).toBe(streamed.digest());
      }
    }
  });

  it('hashes a string as UTF-8', () => {
    expect(hashBytes('sha256', 'héllo ✓')).toBe(
      hashBytes('sha256', Buffer.from('héllo ✓', 'utf8')),
    );
  });
});

describe('hashStream', () => {
  const data = Buffer.from(FOX.repeat(50));

  it('hashes an async iterable for one kind, returning the encoded hash', async () => {
    await expect(hashStream('quickXor', chunksOf(data, 13))).resolves.toBe(
      hashBytes('quickXor', data),
    );
  });

  it('hashes Node and Web streams for several kinds', async () => {
    const expected = hashBytes(['sha1', 'dropbox'], data);
    await expect(
      hashStream(['sha1', 'dropbox'], Readable.from(chunksOf(data, 100))),
    ).resolves.toEqual(expected);
    const web = new Blob([data]).stream();
    await expect(hashStream(['sha1', 'dropbox'], web)).resolves.toEqual(expected);
  });

  it('hashes an empty stream', async () => {
    await expect(hashStream(['md5'], chunksOf(new Uint8Array(0), 1))).resolves.toEqual({
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
    });
  });

  it('rejects a stream that yields strings', async () => {
    const text = Readable.from(['not', 'bytes'], { objectMode: true });
    await expect(hashStream('sha1', text)).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('encoding'),
    });
  });

  it('stops with Cancelled when the signal fires between chunks', async () => {
    const controller = new AbortController();
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled++;
        if (pulled === 3) controller.abort();
        yield Buffer.from('chunk');
      }
    }
    await expect(
      hashStream('sha256', source(), { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'Cancelled' });
    expect(pulled).toBe(3);
  });

  it('does not start on an already aborted signal', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      pulled++;
      yield Buffer.from('chunk');
    }
    await expect(
      hashStream('sha256', source(), { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ code: 'Cancelled' });
    expect(pulled).toBe(0);
  });
});
