import { createHash, type Hash } from 'node:crypto';
import { ContentBuilder, type Digester } from '../server/content.js';

const BLOCK = 4 * 1024 * 1024;

/**
 * Dropbox's content_hash (wire reference C.3): SHA-256 of each 4 MiB block, the raw digests
 * concatenated and hashed again, as lower-case hex. Fed incrementally, so an upload session
 * hashes its bytes as they arrive.
 */
export class ContentHasher implements Digester {
  #overall: Hash = createHash('sha256');
  #block: Hash = createHash('sha256');
  #fill = 0;

  /** Feeds the next bytes, in order. */
  update(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(BLOCK - this.#fill, chunk.length - offset);
      this.#block.update(chunk.subarray(offset, offset + take));
      this.#fill += take;
      offset += take;
      if (this.#fill === BLOCK) {
        this.#overall.update(this.#block.digest());
        this.#block = createHash('sha256');
        this.#fill = 0;
      }
    }
  }

  /** An independent hasher in the same state, so a digest can be taken without ending this one. */
  copy(): ContentHasher {
    const twin = new ContentHasher();
    twin.#overall = this.#overall.copy();
    twin.#block = this.#block.copy();
    twin.#fill = this.#fill;
    return twin;
  }

  /** The hex digest; the hasher cannot be fed afterwards. */
  digest(): string {
    if (this.#fill > 0) this.#overall.update(this.#block.digest());
    return this.#overall.digest('hex');
  }
}

/** The content_hash of complete bytes. */
export function contentHash(bytes: Uint8Array): string {
  const hasher = new ContentHasher();
  hasher.update(bytes);
  return hasher.digest();
}

/** The one hash Dropbox keeps for a file. */
export type DropboxDigesters = { readonly contentHash: Digester };

/** A file's content being received, with its content_hash. */
export type DropboxContent = ContentBuilder<DropboxDigesters>;

/** A builder for a file's content, hashing it as it arrives. */
export function dropboxContent(): DropboxContent {
  return new ContentBuilder<DropboxDigesters>({ contentHash: new ContentHasher() });
}
