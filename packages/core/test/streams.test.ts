import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  knownSourceSize,
  PolydriveError,
  rechunk,
  type SizedChunk,
  sourceChunks,
} from '../src/index.js';

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

describe('rechunk with reuseBuffer', () => {
  it('assembles every copied chunk in one buffer, each right when it is handed out', async () => {
    const seen: number[][] = [];
    const buffers = new Set<ArrayBufferLike>();
    for await (const c of rechunk(pieces([3, 3, 3, 3, 1]), 4, { reuseBuffer: true })) {
      seen.push([...c.bytes]);
      buffers.add(c.bytes.buffer);
    }
    expect(seen).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12]]);
    expect(buffers.size).toBe(1);
  });

  it('still hands out whole chunks of a large piece as views', async () => {
    const piece = new Uint8Array(10).map((_, i) => i);
    const out: SizedChunk[] = [];
    for await (const c of rechunk(
      (async function* () {
        yield new Uint8Array([100]);
        yield piece;
      })(),
      4,
      { reuseBuffer: true },
    )) {
      out.push({ bytes: c.bytes.slice(), final: c.final });
      if (out.length === 2) expect(c.bytes.buffer).toBe(piece.buffer);
    }
    expect(out.map((c) => [[...c.bytes], c.final])).toEqual([
      [[100, 0, 1, 2], false],
      [[3, 4, 5, 6], false],
      [[7, 8, 9], true],
    ]);
  });
});

describe('rechunk without copying', () => {
  async function* fromArrays(arrays: Uint8Array[]): AsyncGenerator<Uint8Array> {
    for (const array of arrays) yield array;
  }

  const bytes = (from: number, length: number) =>
    Uint8Array.from({ length }, (_, i) => (from + i) & 0xff);

  /** True when `chunk` is a view of `piece` starting at `offset`, rather than a copy. */
  const isViewOf = (chunk: Uint8Array, piece: Uint8Array, offset: number) =>
    chunk.buffer === piece.buffer && chunk.byteOffset === piece.byteOffset + offset;

  it('hands out a piece of exactly one chunk as it is', async () => {
    const piece = bytes(0, 4);
    const out: SizedChunk[] = [];
    for await (const c of rechunk(fromArrays([piece]), 4)) out.push(c);
    expect(out).toHaveLength(1);
    expect(out[0]?.final).toBe(true);
    expect(isViewOf(out[0]?.bytes as Uint8Array, piece, 0)).toBe(true);
  });

  it('hands out views of a larger piece and copies only the rest', async () => {
    const piece = bytes(0, 10);
    const out: SizedChunk[] = [];
    for await (const c of rechunk(fromArrays([piece]), 4)) out.push(c);
    expect(out.map((c) => [[...c.bytes], c.final])).toEqual([
      [[0, 1, 2, 3], false],
      [[4, 5, 6, 7], false],
      [[8, 9], true],
    ]);
    expect(isViewOf(out[0]?.bytes as Uint8Array, piece, 0)).toBe(true);
    expect(isViewOf(out[1]?.bytes as Uint8Array, piece, 4)).toBe(true);
  });

  it('completes a started chunk by copying, then takes whole chunks as views', async () => {
    const first = bytes(0, 3);
    const second = bytes(3, 10);
    const out: SizedChunk[] = [];
    for await (const c of rechunk(fromArrays([first, second]), 4)) out.push(c);
    expect(out.map((c) => [[...c.bytes], c.final])).toEqual([
      [[0, 1, 2, 3], false],
      [[4, 5, 6, 7], false],
      [[8, 9, 10, 11], false],
      [[12], true],
    ]);
    expect(out[0]?.bytes.buffer).not.toBe(first.buffer);
    expect(out[0]?.bytes.buffer).not.toBe(second.buffer);
    expect(isViewOf(out[1]?.bytes as Uint8Array, second, 1)).toBe(true);
    expect(isViewOf(out[2]?.bytes as Uint8Array, second, 5)).toBe(true);
  });

  it('never alters a chunk it handed out, copied or not, as later pieces arrive', async () => {
    const sizes = [4, 3, 9, 1, 1, 8, 2, 4];
    const arrays: Uint8Array[] = [];
    let from = 0;
    for (const n of sizes) {
      arrays.push(bytes(from, n));
      from += n;
    }
    const held: Uint8Array[] = [];
    const snapshots: number[][] = [];
    for await (const c of rechunk(fromArrays(arrays), 4)) {
      held.push(c.bytes);
      snapshots.push([...c.bytes]);
    }
    expect(held.map((b) => [...b])).toEqual(snapshots);
    expect(snapshots.flat()).toEqual([...bytes(0, from)]);
    expect(snapshots.map((b) => b.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 4]);
  });

  it('reads at most one piece ahead of the chunk it hands out', async () => {
    let pulled = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 6; i++) {
        pulled++;
        yield bytes(i * 4, 4);
      }
    }
    const pulledAt: number[] = [];
    for await (const _ of rechunk(counted(), 4)) pulledAt.push(pulled);
    expect(pulledAt).toEqual([2, 3, 4, 5, 6, 6]);
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
