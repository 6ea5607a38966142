import { createHash, type Hash } from 'node:crypto';
import { QuickXorHash } from '../quick-xor-hash.js';

/** A file's bytes with the hashes OneDrive reports for them. */
export interface FileContent {
  readonly bytes: Buffer;
  /** Base64. */
  readonly quickXor: string;
  /** Upper-case hex, as OneDrive personal prints it. */
  readonly sha1: string;
  /** Upper-case hex. */
  readonly sha256: string;
}

/** Hashes bytes as they arrive, so an upload session never rereads what it has received. */
export class ContentHasher {
  readonly #quickXor = new QuickXorHash();
  readonly #sha1: Hash = createHash('sha1');
  readonly #sha256: Hash = createHash('sha256');

  /** Feeds the next bytes, in order. */
  update(chunk: Uint8Array): void {
    this.#quickXor.update(chunk);
    this.#sha1.update(chunk);
    this.#sha256.update(chunk);
  }

  /** Finishes with the complete bytes (which must be what was fed). */
  finish(bytes: Buffer): FileContent {
    return {
      bytes,
      quickXor: this.#quickXor.digest(),
      sha1: this.#sha1.digest('hex').toUpperCase(),
      sha256: this.#sha256.digest('hex').toUpperCase(),
    };
  }
}

/** Hashes a complete body. */
export function fileContent(bytes: Buffer): FileContent {
  const hasher = new ContentHasher();
  hasher.update(bytes);
  return hasher.finish(bytes);
}
