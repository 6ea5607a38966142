import { createHash, randomBytes } from 'node:crypto';
import type { Drive } from '@polydrive/core';

/** Deterministic pseudo-random bytes (xorshift), so failures can be reproduced. */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Yields `data` in pieces of `piece` bytes, hiding its length (a stream of unknown size). */
export async function* piecesOf(data: Uint8Array, piece: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.byteLength; i += piece) {
    await Promise.resolve();
    yield data.subarray(i, Math.min(i + piece, data.byteLength));
  }
}

/** Hex SHA-256, to compare contents without printing megabytes in a failure. */
export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A unique folder name for one test. */
export function uniqueName(prefix = 'pd-contract'): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A chunk size valid for the drive and small enough for quick multi-chunk tests. */
export function smallChunkSize(drive: Drive, atLeast = 64 * 1024): number {
  const m = drive.capabilities.chunkMultiple;
  return Math.max(1, Math.ceil(atLeast / m)) * m;
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
