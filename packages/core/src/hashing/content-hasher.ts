import { PolydriveError } from '../errors/polydrive-error.js';
import type { HashKind } from '../model/entry.js';

/** Hashes content fed in chunks, in constant memory whatever the content size. */
export interface ContentHasher {
  readonly kind: HashKind;
  /** Feeds the next chunk; the hasher keeps no reference to it. Throws once digested. */
  update(chunk: Uint8Array): void;
  /** Finishes and returns the hash in the provider's encoding; later calls return the same value. */
  digest(): string;
}

/** Every hash kind Polydrive can compute. */
export const HASH_KINDS: readonly HashKind[] = ['sha1', 'sha256', 'md5', 'quickXor', 'dropbox'];

/** True when `value` names a hash kind Polydrive can compute. */
export function isHashKind(value: unknown): value is HashKind {
  return (HASH_KINDS as readonly unknown[]).includes(value);
}

/**
 * The digested-once guard every hasher shares: the underlying digests cannot take more data after
 * they are finished, so a late `update` must fail loudly instead of producing a wrong hash.
 */
export abstract class FinishOnceHasher implements ContentHasher {
  private result: string | undefined;

  constructor(readonly kind: HashKind) {}

  update(chunk: Uint8Array): void {
    if (this.result !== undefined) {
      throw new PolydriveError('InvalidArgument', {
        message: `The ${this.kind} hasher was already digested and cannot take more data.`,
        advice: 'Create a new hasher for each content you hash.',
        operation: 'hash',
      });
    }
    this.absorb(chunk);
  }

  digest(): string {
    this.result ??= this.finish();
    return this.result;
  }

  /** Feeds a chunk to the underlying state. */
  protected abstract absorb(chunk: Uint8Array): void;

  /** Computes the final encoded hash; called at most once. */
  protected abstract finish(): string;
}

/** The error for a hash kind outside HASH_KINDS (reachable from untyped callers and config). */
export function unknownHashKindError(kind: unknown): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `Unknown hash kind ${JSON.stringify(kind)}.`,
    advice: `Use one of: ${HASH_KINDS.join(', ')}.`,
    operation: 'hash',
  });
}
