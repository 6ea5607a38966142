import { describe, expect, it } from 'vitest';
import { createHasher, hashBytes } from '../src/hashing/index.js';

/** The definition, one bit at a time: bit b of byte i goes to bit (i * 11 + b) mod 160. */
function referenceQuickXor(data: Uint8Array): string {
  const bits = new Uint8Array(160);
  for (let i = 0; i < data.length; i++) {
    const byte = data[i] as number;
    for (let b = 0; b < 8; b++) {
      const position = (i * 11 + b) % 160;
      bits[position] = (bits[position] as number) ^ ((byte >> b) & 1);
    }
  }
  const out = Buffer.alloc(20);
  for (let position = 0; position < 160; position++) {
    if (bits[position]) out[position >> 3] = (out[position >> 3] as number) | (1 << (position & 7));
  }
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(data.length));
  for (let b = 0; b < 8; b++) out[12 + b] = (out[12 + b] as number) ^ (length[b] as number);
  return out.toString('base64');
}

/** A seeded generator (mulberry32), so a failure is reproducible. */
function seededBytes(seed: number, length: number): Uint8Array {
  let state = seed >>> 0;
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return out;
}

function quickXorInChunks(data: Uint8Array, sizes: readonly number[]): string {
  const hasher = createHasher('quickXor');
  let offset = 0;
  for (let s = 0; offset < data.length; s++) {
    const size = sizes[s % sizes.length] as number;
    hasher.update(data.subarray(offset, offset + size));
    offset += size;
  }
  return hasher.digest();
}

/** A copy of `data` that starts `shift` bytes into its buffer, to exercise unaligned input. */
function atOffset(data: Uint8Array, shift: number): Uint8Array {
  const buffer = new Uint8Array(data.length + shift);
  buffer.set(data, shift);
  return buffer.subarray(shift);
}

const pattern = (length: number, byteAt: (i: number) => number): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => byteAt(i));

describe('quickXor', () => {
  it('matches the published vectors', () => {
    expect(hashBytes('quickXor', 'hello world')).toBe('aCgDG9jwBhDc4Q1yawMZAAAAAAA=');
    expect(hashBytes('quickXor', '')).toBe('AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  });

  it('matches the vectors other implementations publish in their tests', () => {
    // Taken from the test suites of other QuickXorHash implementations (Go, Rust, Python, C).
    const vectors: [Uint8Array, string][] = [
      [Buffer.from('a'), 'YQAAAAAAAAAAAAAAAQAAAAAAAAA='],
      [Buffer.from('hello'), 'aCgDG9jwBgAAAAAABQAAAAAAAAA='],
      [pattern(256, (i) => i), 'QkGEfSisZcA7k+FCh71r2dbCayY='],
      [pattern(768, (i) => i % 256), 'rxAOGe1RimTF/e+k/m0O5nnSZT8='],
      [new Uint8Array(1000), 'AAAAAAAAAAAAAAAA6AMAAAAAAAA='],
      [new Uint8Array(1000).fill(0xff), 'Yxvb2MY2trGNbWxj89jYOc5xjnM='],
      [pattern(159, (i) => (i * 7 + 3) % 256), '7gi7SoTZMRx5gfdOM7shn/kHQ6E='],
      [pattern(160, (i) => (i * 7 + 3) % 256), '7gi7SoTZMRx5gfdODLshn/kHw6o='],
      [pattern(161, (i) => (i * 7 + 3) % 256), 'jQi7SoTZMRx5gfdODbshn/kHw6o='],
      [pattern(100_000, (i) => (i * 7 + 3) % 256), '7gi7SoTZMRx5gfdODD0gn/kHw6o='],
    ];
    for (const [data, expected] of vectors) expect(hashBytes('quickXor', data)).toBe(expected);
  });

  it('agrees with the bit-by-bit definition on seeded random inputs of many lengths', () => {
    const lengths = [1, 19, 20, 21, 63, 64, 65, 159, 160, 161, 319, 320, 1000, 4099, 65_537];
    for (const [seed, length] of lengths.entries()) {
      const data = seededBytes(seed + 1, length);
      expect(hashBytes('quickXor', data), `length ${length}`).toBe(referenceQuickXor(data));
    }
  });

  it('agrees with the definition for one chunk bigger than its internal slice', () => {
    const data = seededBytes(99, 200_003);
    expect(hashBytes('quickXor', atOffset(data, 3))).toBe(referenceQuickXor(data));
  });

  it('gives the same hash however the bytes are split into chunks', () => {
    const data = seededBytes(7, 5000);
    const expected = referenceQuickXor(data);
    const splits = [
      [1],
      [2],
      [3],
      [7],
      [19],
      [20],
      [21],
      [63],
      [64, 1],
      [65, 3],
      [159],
      [160],
      [161],
    ];
    for (const sizes of splits) {
      expect(quickXorInChunks(data, sizes), `chunks of ${sizes.join(',')}`).toBe(expected);
    }
  });

  it('gives the same hash for chunks at every byte alignment', () => {
    const data = seededBytes(11, 3000);
    const expected = referenceQuickXor(data);
    for (const shift of [0, 1, 2, 3]) {
      for (const sizes of [[97], [64, 5], [1000, 1, 2, 3]]) {
        const hasher = createHasher('quickXor');
        let offset = 0;
        for (let s = 0; offset < data.length; s++) {
          const size = sizes[s % sizes.length] as number;
          hasher.update(atOffset(data.subarray(offset, offset + size), (shift + s) % 4));
          offset += size;
        }
        expect(hasher.digest(), `shift ${shift}, chunks ${sizes.join(',')}`).toBe(expected);
      }
    }
  });

  it('takes the word path from every lane position and byte alignment', () => {
    // 1,000 bytes after the split reach the word path whatever the lane and alignment.
    const data = seededBytes(21, 1160);
    const expected = referenceQuickXor(data);
    for (let split = 0; split < 160; split++) {
      for (const shift of [0, 1, 2, 3]) {
        const hasher = createHasher('quickXor');
        hasher.update(data.subarray(0, split));
        hasher.update(atOffset(data.subarray(split), shift));
        expect(hasher.digest(), `split ${split}, shift ${shift}`).toBe(expected);
      }
    }
  });

  it('agrees with the definition on random inputs in random chunks at random alignments', () => {
    let state = 5;
    const random = (below: number): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state % below;
    };
    for (const seed of [1, 2, 3, 4]) {
      const data = seededBytes(seed * 1000, 150_000 + random(1000));
      const hasher = createHasher('quickXor');
      const sizes: number[] = [];
      for (let offset = 0; offset < data.length; ) {
        // Mostly short chunks on both sides of the word path's threshold, some beyond a slice.
        const size = random(8) === 0 ? 60_000 + random(10_000) : 1 + random(1500);
        hasher.update(atOffset(data.subarray(offset, offset + size), random(4)));
        sizes.push(size);
        offset += size;
      }
      expect(hasher.digest(), `seed ${seed}, chunks ${sizes.join(',')}`).toBe(
        referenceQuickXor(data),
      );
    }
  });

  it('puts the length into bytes 12..19 beyond what a byte holds', () => {
    const data = new Uint8Array(70_000);
    const digest = Buffer.from(hashBytes('quickXor', data), 'base64');
    expect(digest).toHaveLength(20);
    expect(digest.subarray(0, 12)).toEqual(Buffer.alloc(12));
    expect(digest.readBigUInt64LE(12)).toBe(70_000n);
  });
});
