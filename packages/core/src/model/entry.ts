/** Content hash kinds Polydrive knows. `quickXor` is OneDrive's, `dropbox` is Dropbox's content_hash. */
export type HashKind = 'sha1' | 'sha256' | 'md5' | 'quickXor' | 'dropbox';

/** Hashes of a file's content, each in the provider's own encoding (hex, or base64 for quickXor). */
export type Hashes = Partial<Record<HashKind, string>>;

interface EntryBase {
  /** The provider's id for the item: opaque, use it as is. */
  readonly id: string;
  /** The item's name (last path segment); the root's name is ''. */
  readonly name: string;
  /** The parent folder's id; absent for the root. */
  readonly parentId?: string;
  /** The display path (`/a/b.txt`), when known. Names in it are not escaped. */
  readonly path?: string;
  /** The drive the item lives in, when the provider has several. */
  readonly driveId?: string;
  readonly createdAt?: Date;
  readonly modifiedAt?: Date;
  /** Changes whenever the item changes; pass it as `ifMatch` for safe updates. */
  readonly etag?: string;
  /** A link to the item in the provider's web interface. */
  readonly webUrl?: string;
  /** The provider's own payload, when asked for with `raw: true`. */
  readonly raw?: unknown;
}

/** A file. */
export interface FileEntry extends EntryBase {
  readonly kind: 'file';
  /** Size in bytes. Google-native documents report 0 and list their `exportFormats`. */
  readonly size: number;
  readonly mimeType?: string;
  readonly hashes: Hashes;
  /** MIME types a Google-native document can be exported to; absent for ordinary files. */
  readonly exportFormats?: readonly string[];
}

/** A folder. */
export interface FolderEntry extends EntryBase {
  readonly kind: 'folder';
  /** Number of direct children, when the provider reports it. */
  readonly childCount?: number;
  /** True for the drive's root folder. */
  readonly isRoot?: boolean;
}

/** A file or a folder, told apart by `kind`. */
export type Entry = FileEntry | FolderEntry;

/** True when the entry is a file. */
export function isFile(entry: Entry): entry is FileEntry {
  return entry.kind === 'file';
}

/** True when the entry is a folder. */
export function isFolder(entry: Entry): entry is FolderEntry {
  return entry.kind === 'folder';
}
