import { MiB } from './sizes.mjs';

const BLOCK = new Uint8Array(MiB).map((_, i) => (i * 7 + 3) & 0xff);

/**
 * `total` deterministic bytes in pieces of 1 MiB, never held whole. Every piece views the same
 * block, so a consumer that keeps pieces still sees the right bytes.
 */
export async function* source(total) {
  for (let sent = 0; sent < total; sent += MiB)
    yield BLOCK.subarray(0, Math.min(MiB, total - sent));
}

/** Reads a Web or Node stream (any async iterable of bytes) to its end; resolves with its length. */
export async function drain(stream) {
  let bytes = 0;
  for await (const piece of stream) bytes += piece.byteLength;
  return bytes;
}

/** Fails the run when a transfer moved another number of bytes than it should have. */
export function expectBytes(what, actual, expected) {
  if (actual !== expected) throw new Error(`${what} moved ${actual} bytes, expected ${expected}.`);
}
