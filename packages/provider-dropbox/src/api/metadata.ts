import type { Entry, FileEntry, FolderEntry } from '@polydrive/core';

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

/** The root folder's entry. */
export function rootEntry(): FolderEntry {
  return { kind: 'folder', id: ROOT_ID, name: '', path: '/', isRoot: true };
}

/** True for file metadata (a FileMetadata has `rev`; routes returning it leave out `.tag`). */
function isFileMetadata(meta: DropboxMetadata): boolean {
  return meta['.tag'] === 'file' || (meta['.tag'] === undefined && meta.rev !== undefined);
}

/** An entry from file or folder metadata: the rev is the etag, content_hash the `dropbox` hash. */
export function toEntry(meta: DropboxMetadata, options: { raw?: boolean } = {}): Entry {
  const common = {
    id: meta.id ?? meta.path_lower ?? '',
    name: meta.name,
    ...(meta.path_display !== undefined ? { path: meta.path_display } : {}),
    ...(options.raw ? { raw: meta } : {}),
  };
  if (!isFileMetadata(meta)) return { kind: 'folder', ...common } satisfies FolderEntry;
  const modified = meta.client_modified ?? meta.server_modified;
  return {
    kind: 'file',
    ...common,
    size: meta.size ?? 0,
    hashes: meta.content_hash ? { dropbox: meta.content_hash } : {},
    ...(meta.rev !== undefined ? { etag: meta.rev } : {}),
    ...(modified !== undefined ? { modifiedAt: new Date(modified) } : {}),
  } satisfies FileEntry;
}
