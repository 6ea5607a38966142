import { createHash, type Hash } from 'node:crypto';
import { FinishOnceHasher } from './content-hasher.js';

/** The hash kinds node:crypto computes directly, by their node:crypto algorithm name. */
export type NodeDigestKind = 'sha1' | 'sha256' | 'md5';

/** SHA-1, SHA-256 or MD5 over node:crypto, as lowercase hex. */
export class NodeDigestHasher extends FinishOnceHasher {
  private readonly hash: Hash;

  constructor(kind: NodeDigestKind) {
    super(kind);
    this.hash = createHash(kind);
  }

  protected absorb(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  protected finish(): string {
    return this.hash.digest('hex');
  }
}
