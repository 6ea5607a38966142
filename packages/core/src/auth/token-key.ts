import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { errnoCode } from '../errors/errno.js';
import { PolydriveError } from '../errors/polydrive-error.js';
import { createFileExclusive } from './atomic-file.js';
import { tokenFileError } from './fs-errors.js';

/** The environment variable that holds the token store's encryption key. */
export const TOKEN_KEY_ENV = 'POLYDRIVE_TOKEN_KEY';

/** Length of an AES-256 key in bytes. */
export const TOKEN_KEY_BYTES = 32;

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters plus one '=' of padding; the URL-safe alphabet is accepted too.
const BASE64_KEY = /^[A-Za-z0-9+/_-]{42}[AEIMQUYcgkosw048]=?$/;

/**
 * Reads a 32-byte key written as 64 hex characters or as base64 (standard or URL-safe, padding
 * optional). Returns undefined for anything else; the caller says where the bad key came from.
 */
export function decodeTokenKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (HEX_KEY.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (BASE64_KEY.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return undefined;
}

const KEY_FORMAT_ADVICE =
  'Use 32 random bytes written as base64 or as 64 hex characters, e.g. the output of `openssl rand -base64 32`.';

/** Turns a key given in code or in the environment into bytes, or throws InvalidArgument. */
export function tokenKeyFrom(key: Uint8Array | string, source: string): Buffer {
  const bytes =
    typeof key === 'string'
      ? decodeTokenKey(key)
      : key.byteLength === TOKEN_KEY_BYTES
        ? Buffer.from(key)
        : undefined;
  if (!bytes) {
    throw new PolydriveError('InvalidArgument', {
      message: `${source} is not a 32-byte key.`,
      advice: KEY_FORMAT_ADVICE,
    });
  }
  return bytes;
}

/** Reads the key file; undefined when it does not exist. */
export async function readKeyFile(keyPath: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(keyPath, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw tokenFileError(err, 'read the token key file', keyPath);
  }
  const key = decodeTokenKey(text);
  if (!key) {
    throw new PolydriveError('InvalidArgument', {
      message: `The token key file ${keyPath} does not hold a 32-byte key.`,
      advice: `Restore the original key file, or set ${TOKEN_KEY_ENV}; deleting the file creates a new key and means logging in again.`,
    });
  }
  return key;
}

/** Reads the key file, creating it with a new random key (mode 0600) when it does not exist. */
export async function readOrCreateKeyFile(keyPath: string): Promise<Buffer> {
  const existing = await readKeyFile(keyPath);
  if (existing) return existing;
  const fresh = randomBytes(TOKEN_KEY_BYTES);
  let created: boolean;
  try {
    created = await createFileExclusive(keyPath, `${fresh.toString('base64')}\n`);
  } catch (err) {
    throw tokenFileError(err, 'create the token key file', keyPath);
  }
  if (created) return fresh;
  // Another process created it between our read and our write: use theirs.
  const theirs = await readKeyFile(keyPath);
  if (!theirs) throw tokenFileError(undefined, 'read the token key file', keyPath);
  return theirs;
}
