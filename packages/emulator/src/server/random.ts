import { randomBytes, randomUUID } from 'node:crypto';

const POOL_BYTES = 64 * 1024;
let pool = Buffer.alloc(0);
let used = 0;

/**
 * `count` random bytes, taken from a pool refilled 64 KiB at a time: ids are made by the
 * thousand, and asking the system's generator for each one costs more than the rest of a request.
 */
function random(count: number): Buffer {
  if (count > POOL_BYTES) return randomBytes(count);
  if (used + count > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  const bytes = pool.subarray(used, used + count);
  used += count;
  return bytes;
}

/** A random URL-safe token with `bytes` bytes of entropy. */
export function randomToken(bytes = 24): string {
  return random(bytes).toString('base64url');
}

/** A random lowercase GUID, as Microsoft prints request ids and tenant ids. */
export function guid(): string {
  return randomUUID();
}

/** `length` random characters from `alphabet`. */
export function randomChars(alphabet: string, length: number): string {
  const bytes = random(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
