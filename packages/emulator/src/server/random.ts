import { randomBytes, randomUUID } from 'node:crypto';

/** A random URL-safe token with `bytes` bytes of entropy. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** A random lowercase GUID, as Microsoft prints request ids and tenant ids. */
export function guid(): string {
  return randomUUID();
}

/** `length` random characters from `alphabet`. */
export function randomChars(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
