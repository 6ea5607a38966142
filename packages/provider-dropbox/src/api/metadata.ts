import type { Entry, FileEntry, FolderEntry } from '@polydrive/core';
import { parseIsoTime } from '@polydrive/core';

/**
 * The id the provider gives the root folder, which has none on Dropbox (its path is `""`).
 * Real ids start with `id:`, so it cannot clash.
 */
export const ROOT_ID = 'root';

/** File or folder metadata JSON as Dropbox sends it (wire reference C.3). */
export interface DropboxMetadata {
  readonly '.tag'?: string;
  readonly name: string;
  readonly id?: string;
  readonly path_lower?: string;
  readonly path_display?: string;
  readonly client_modified?: string;
  readonly server_modified?: string;
  readonly rev?: string;
  readonly size?: number;
  readonly content_hash?: string;
  readonly shared_folder_id?: string;
  readonly sharing_info?: {
    readonly shared_folder_id?: string;
    readonly parent_shared_folder_id?: string;
  };
}

/** A page of list_folder or list_folder/continue; deletions are listed as `.tag: deleted`. */
export interface ListFolderResult {
  readonly entries: readonly DropboxMetadata[];
  readonly cursor: string;
  readonly has_more: boolean;
}

/** The root folder's entry. */
export function rootEntry(): FolderEntry {
  return { kind: 'folder', id: ROOT_ID, name: '', path: '/', isRoot: true };
}

/** True for file metadata (a FileMetadata has `rev`; routes returning it leave out `.tag`). */
function isFileMetadata(meta: DropboxMetadata): boolean {
  return meta['.tag'] === 'file' || (meta['.tag'] === undefined && meta.rev !== undefined);
}

/** What an entry is built in: its fields, before they are frozen as readonly. */
type Draft<T> = { -readonly [K in keyof T]: T[K] };

/**
 * An entry from file or folder metadata: the rev is the etag, content_hash the `dropbox` hash.
 * Built as one object with optional fields assigned when present (listings build thousands).
 */
export function toEntry(meta: DropboxMetadata, options?: { raw?: boolean }): Entry {
  if (isFileMetadata(meta)) return toFileEntry(meta, options);
  const folder: Draft<FolderEntry> = {
    kind: 'folder',
    id: meta.id ?? meta.path_lower ?? '',
    name: meta.name,
  };
  if (meta.path_display !== undefined) folder.path = meta.path_display;
  if (options?.raw) folder.raw = meta;
  return folder;
}

/** The entry of metadata known to be a file's (a commit's result, whatever its `.tag`). */
export function toFileEntry(meta: DropboxMetadata, options?: { raw?: boolean }): FileEntry {
  const file: Draft<FileEntry> = {
    kind: 'file',
    id: meta.id ?? meta.path_lower ?? '',
    name: meta.name,
    size: meta.size ?? 0,
    hashes: meta.content_hash ? { dropbox: meta.content_hash } : {},
  };
  if (meta.path_display !== undefined) file.path = meta.path_display;
  if (options?.raw) file.raw = meta;
  if (meta.rev !== undefined) file.etag = meta.rev;
  const modified = meta.client_modified ?? meta.server_modified;
  const modifiedAt = parseIsoTime(modified);
  if (modifiedAt !== undefined) file.modifiedAt = modifiedAt;
  return file;
}
