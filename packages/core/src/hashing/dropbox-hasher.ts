import { createHash, type Hash } from 'node:crypto';
import { FinishOnceHasher } from './content-hasher.js';

/** Dropbox hashes content in blocks of this many bytes (4 MiB). */
export const DROPBOX_BLOCK_SIZE = 4 * 1024 * 1024;

/**
 * Dropbox's content_hash: SHA-256 over the concatenated SHA-256 digests of each 4 MiB block, as
 * lowercase hex. Both levels are hashed incrementally, so neither a block nor the list of block
 * digests is ever held in memory.
 */
export class DropboxContentHasher extends FinishOnceHasher {
  private readonly overall = createHash('sha256');
  private block: Hash = createHash('sha256');
  private blockFill = 0;

  constructor() {
    super('dropbox');
  }

  protected absorb(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(DROPBOX_BLOCK_SIZE - this.blockFill, chunk.length - offset);
      this.block.update(chunk.subarray(offset, offset + take));
      this.blockFill += take;
      offset += take;
      if (this.blockFill === DROPBOX_BLOCK_SIZE) {
        this.overall.update(this.block.digest());
        this.block = createHash('sha256');
        this.blockFill = 0;
      }
    }
  }

  protected finish(): string {
    // A size that is an exact multiple of the block size has no trailing empty block.
    if (this.blockFill > 0) this.overall.update(this.block.digest());
    return this.overall.digest('hex');
  }
}
