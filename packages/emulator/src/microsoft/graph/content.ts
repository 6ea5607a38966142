import {
  ContentBuilder,
  type Digester,
  hexDigester,
  type StoredBytes,
} from '../../server/content.js';
import { QuickXorHash } from '../quick-xor-hash.js';

/** The hashes an account may print beside quickXorHash. */
export type ExtraHash = 'sha1' | 'sha256';

/** A file's bytes with the hashes OneDrive reports for them. */
export interface FileContent extends StoredBytes {
  /** Base64. */
  readonly quickXor: string;
  /** Upper-case hex, as OneDrive personal prints it; only for accounts that report it. */
  readonly sha1?: string;
  /** Upper-case hex; only for accounts that report it. */
  readonly sha256?: string;
}

type OneDriveDigesters = {
  readonly quickXor: Digester;
  readonly sha1?: Digester;
  readonly sha256?: Digester;
};

/** Content being received, hashed as it arrives. */
export type ContentHasher = ContentBuilder<OneDriveDigesters>;

/**
 * A builder hashing with quickXor, and with SHA-1 and SHA-256 only for accounts that print them:
 * they cost more than the upload.
 */
export function contentHasher(extra: ReadonlySet<ExtraHash>): ContentHasher {
  return new ContentBuilder<OneDriveDigesters>({
    quickXor: new QuickXorHash(),
    ...(extra.has('sha1') ? { sha1: hexDigester('sha1') } : {}),
    ...(extra.has('sha256') ? { sha256: hexDigester('sha256') } : {}),
  });
}

/** Finishes a builder into a file's content. */
export function finishContent(hasher: ContentHasher): FileContent {
  const { bytes, digests } = hasher.finish();
  return {
    ...bytes,
    quickXor: digests.quickXor,
    ...(digests.sha1 !== undefined ? { sha1: digests.sha1.toUpperCase() } : {}),
    ...(digests.sha256 !== undefined ? { sha256: digests.sha256.toUpperCase() } : {}),
  };
}

/** Hashes a complete body with quickXor and the `extra` hashes. */
export function fileContent(bytes: Buffer, extra: ReadonlySet<ExtraHash>): FileContent {
  const hasher = contentHasher(extra);
  hasher.append(bytes);
  return finishContent(hasher);
}
