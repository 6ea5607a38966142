import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One value encrypted with AES-256-GCM, every part base64. */
export interface SealedValue {
  readonly iv: string;
  readonly tag: string;
  readonly ciphertext: string;
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

// The entry's name is authenticated with its value, so a ciphertext moved to another name fails.
function associatedData(name: string): Buffer {
  return Buffer.from(`polydrive-token-store/v1/${name}`, 'utf8');
}

/** Encrypts `plaintext` under `key` with a fresh random IV, bound to the entry `name`. */
export function sealValue(key: Uint8Array, name: string, plaintext: string): SealedValue {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(name));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/**
 * Decrypts a sealed value and checks its tag. Returns undefined when the key is wrong or the value
 * was altered: the two cannot be told apart, and the reason is never worth a crypto stack trace.
 */
export function openValue(key: Uint8Array, name: string, sealed: SealedValue): string | undefined {
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(name));
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([
      decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  } catch {
    return undefined;
  }
}

/** True when `value` has the shape of a SealedValue (string iv, tag and ciphertext). */
export function isSealedValue(value: unknown): value is SealedValue {
  if (typeof value !== 'object' || value === null) return false;
  const { iv, tag, ciphertext } = value as Record<string, unknown>;
  return typeof iv === 'string' && typeof tag === 'string' && typeof ciphertext === 'string';
}
