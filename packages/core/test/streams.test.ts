import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { knownSourceSize, PolydriveError, rechunk, sourceChunks } from '../src/index.js';

async function* pieces(sizes: number[]): AsyncGenerator<Uint8Array> {
  let v = 0;
  for (const n of sizes) yield new Uint8Array(n).map(() => v++ & 0xff);
}

async function chunksOf(sizes: number[], chunkSize: number) {
  const out: { len: number; final: boolean; first: number | undefined }[] = [];
  for await (const c of rechunk(pieces(sizes), chunkSize))
    out.push({ len: c.bytes.byteLength, final: c.final, first: c.bytes[0] });
  return out;
}

describe('rechunk', () => {
  it('regroups into exact chunks and marks the last', async () => {
    expect(await chunksOf([3, 7, 1], 4)).toEqual([
      { len: 4, final: false, first: 0 },
      { len: 4, final: false, first: 4 },
      { len: 3, final: true, first: 8 },
    ]);
  });

  it('marks a full last chunk as final when the source ends on a boundary', async () => {
    expect((await chunksOf([8], 4)).map((c) => [c.len, c.final])).toEqual([
      [4, false],
      [4, true],
    ]);
  });

  it('yields one empty final chunk for an empty source', async () => {
    expect(await chunksOf([], 4)).toEqual([{ len: 0, final: true, first: undefined }]);
  });

  it('does not reuse a buffer it handed out', async () => {
    const held: Uint8Array[] = [];
    for await (const c of rechunk(pieces([10]), 2)) held.push(c.bytes);
    expect(held.map((b) => [...b])).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
  });
});

describe('sources', () => {
  it('knows the size of in-memory sources only', () => {
    expect(knownSourceSize('héllo')).toBe(6);
    expect(knownSourceSize(new Uint8Array(3))).toBe(3);
    expect(knownSourceSize(new Blob(['abcd']))).toBe(4);
    expect(knownSourceSize(Readable.from([]))).toBeUndefined();
  });

  it('reads strings, Node streams and iterables as bytes', async () => {
    const all: number[] = [];
    for await (const c of sourceChunks(Readable.from([Buffer.from('ab'), Buffer.from('c')])))
      all.push(...c);
    expect(Buffer.from(all).toString()).toBe('abc');
  });

  it('refuses object chunks and wraps a failing source', async () => {
    const bad = sourceChunks(
      (async function* () {
        yield 5 as unknown as Uint8Array;
      })(),
    );
    await expect(bad.next()).rejects.toThrow(/not bytes/);
    const failing = sourceChunks(
      (async function* () {
        yield new Uint8Array(1);
        throw new Error('disk gone');
      })(),
    );
    await failing.next();
    const err = await failing.next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolydriveError);
    expect((err as PolydriveError).message).toContain('disk gone');
  });
});
