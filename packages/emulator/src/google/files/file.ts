import {
  ContentBuilder,
  type Digester,
  hexDigester,
  type StoredBytes,
} from '../../server/content.js';

/** The folder MIME type. */
export const FOLDER_MIME = 'application/vnd.google-apps.folder';
/** The shortcut MIME type (not emulated). */
export const SHORTCUT_MIME = 'application/vnd.google-apps.shortcut';
/** Prefix of every Google Workspace type. */
export const GOOGLE_APPS_PREFIX = 'application/vnd.google-apps.';

/** The Google-native document kinds the emulator knows. */
export type GoogleDocKind =
  | 'document'
  | 'spreadsheet'
  | 'presentation'
  | 'drawing'
  | 'form'
  | 'script'
  | 'jam'
  | 'site';

/** The MIME type of a Google-native document kind. */
export function docMimeType(kind: GoogleDocKind): string {
  return `${GOOGLE_APPS_PREFIX}${kind}`;
}

/** The document kind of a Google-native MIME type, or undefined for binary files and folders. */
export function docKindOf(mimeType: string): GoogleDocKind | undefined {
  if (!mimeType.startsWith(GOOGLE_APPS_PREFIX)) return undefined;
  const kind = mimeType.slice(GOOGLE_APPS_PREFIX.length);
  return (
    ['document', 'spreadsheet', 'presentation', 'drawing', 'form', 'script', 'jam', 'site'] as const
  ).find((known) => known === kind);
}

/** The bytes of a binary file with the checksums Drive reports (lower-case hex). */
export interface Blob extends StoredBytes {
  readonly md5: string;
  readonly sha1: string;
  readonly sha256: string;
}

type DriveDigesters = {
  readonly md5: Digester;
  readonly sha1: Digester;
  readonly sha256: Digester;
};

/** Content being received, hashed as it arrives, so a resumable session never rereads it. */
export type BlobHasher = ContentBuilder<DriveDigesters>;

/** A builder for a binary file's content. */
export function blobHasher(): BlobHasher {
  return new ContentBuilder<DriveDigesters>({
    md5: hexDigester('md5'),
    sha1: hexDigester('sha1'),
    sha256: hexDigester('sha256'),
  });
}

/** Finishes a builder into a blob. */
export function finishBlob(hasher: BlobHasher): Blob {
  const { bytes, digests } = hasher.finish();
  return { ...bytes, ...digests };
}

/** Hashes a complete body. */
export function blobOf(bytes: Buffer): Blob {
  const hasher = blobHasher();
  hasher.append(bytes);
  return finishBlob(hasher);
}

/** The roles a permission can carry, from most to least. */
export type PermissionRole =
  | 'owner'
  | 'organizer'
  | 'fileOrganizer'
  | 'writer'
  | 'commenter'
  | 'reader';

/** A sharing permission stored on a file (the owner's is implied, not stored). */
export interface StoredPermission {
  readonly id: string;
  readonly type: 'user' | 'group' | 'domain' | 'anyone';
  role: PermissionRole;
  readonly emailAddress?: string;
  readonly domain?: string;
  readonly displayName?: string;
  readonly allowFileDiscovery?: boolean;
  expirationTime?: number;
}

/** A file, folder or Google-native document. */
export interface DriveFile {
  readonly id: string;
  /** Creation order among all files: listings without orderBy follow it. */
  readonly serial: number;
  name: string;
  mimeType: string;
  /** One parent, or none for the root folders of My Drive and shared drives. */
  parents: string[];
  /** The shared drive holding the file; undefined in My Drive. */
  driveId: string | undefined;
  /** The account that owns it (My Drive) or created it (shared drive). */
  readonly ownerId: string;
  /** Binary content; undefined for folders and Google-native documents. */
  blob: Blob | undefined;
  /** The text of a Google-native document, the source of its exports. */
  docText: string | undefined;
  readonly created: number;
  modified: number;
  /** Bumped on every change. */
  version: number;
  headRevisionId: string | undefined;
  trashed: boolean;
  explicitlyTrashed: boolean;
  trashedTime: number | undefined;
  starred: boolean;
  description: string | undefined;
  originalFilename: string | undefined;
  appProperties: Record<string, string>;
  properties: Record<string, string>;
  permissions: StoredPermission[];
  lastModifyingUserId: string;
}

/** True for folders. */
export function isFolder(file: DriveFile): boolean {
  return file.mimeType === FOLDER_MIME;
}
