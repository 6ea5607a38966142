import { createHash, type Hash } from 'node:crypto';
import { QuickXorHash } from '../quick-xor-hash.js';

/** The hashes an account may print beside quickXorHash. */
export type ExtraHash = 'sha1' | 'sha256';

/** A file's bytes with the hashes OneDrive reports for them. */
export interface FileContent {
  /** The bytes in the pieces they arrived in: a large upload is never copied into one Buffer. */
  readonly chunks: readonly Buffer[];
  readonly size: number;
  /** Base64. */
  readonly quickXor: string;
  /** Upper-case hex, as OneDrive personal prints it; only for accounts that report it. */
  readonly sha1?: string;
  /** Upper-case hex; only for accounts that report it. */
  readonly sha256?: string;
}

interface HashStates {
  readonly quickXor: QuickXorHash;
  readonly sha1?: Hash;
  readonly sha256?: Hash;
}

/**
 * Hashes bytes as they arrive, so an upload session never rereads what it has received. SHA-1
 * and SHA-256 are computed only for accounts that print them: they cost more than the upload.
 */
export class ContentHasher {
  readonly #states: HashStates;

  constructor(extra: ReadonlySet<ExtraHash>, states?: HashStates) {
    this.#states = states ?? {
      quickXor: new QuickXorHash(),
      ...(extra.has('sha1') ? { sha1: createHash('sha1') } : {}),
      ...(extra.has('sha256') ? { sha256: createHash('sha256') } : {}),
    };
  }

  /** Feeds the next bytes, in order. */
  update(chunk: Uint8Array): void {
    const { quickXor, sha1, sha256 } = this.#states;
    quickXor.update(chunk);
    sha1?.update(chunk);
    sha256?.update(chunk);
  }

  /** An independent hasher with the same state: what to go back to when a fragment fails. */
  copy(): ContentHasher {
    const { quickXor, sha1, sha256 } = this.#states;
    return new ContentHasher(new Set(), {
      quickXor: quickXor.copy(),
      ...(sha1 ? { sha1: sha1.copy() } : {}),
      ...(sha256 ? { sha256: sha256.copy() } : {}),
    });
  }

  /** Finishes with the complete bytes (which must be what was fed, in order). */
  finish(chunks: readonly Buffer[]): FileContent {
    const { quickXor, sha1, sha256 } = this.#states;
    return {
      chunks,
      size: chunks.reduce((sum, chunk) => sum + chunk.length, 0),
      quickXor: quickXor.digest(),
      ...(sha1 ? { sha1: sha1.digest('hex').toUpperCase() } : {}),
      ...(sha256 ? { sha256: sha256.digest('hex').toUpperCase() } : {}),
    };
  }
}

/** Hashes a complete body with quickXor and the `extra` hashes. */
export function fileContent(bytes: Buffer, extra: ReadonlySet<ExtraHash>): FileContent {
  const hasher = new ContentHasher(extra);
  hasher.update(bytes);
  return hasher.finish([bytes]);
}

/** The whole content as one Buffer (a copy when it is in several pieces). */
export function contentBytes(content: FileContent): Buffer {
  const { chunks, size } = content;
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
}

/** The pieces holding bytes `start` to `end` inclusive, sharing memory with the content. */
export function contentRange(content: FileContent, start: number, end: number): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  for (const chunk of content.chunks) {
    const next = offset + chunk.length;
    if (next > start && offset <= end) {
      out.push(
        chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end + 1 - offset)),
      );
    }
    if (next > end) break;
    offset = next;
  }
  return out;
}
