import { isoSeconds } from '../server/clock.js';
import type { DropboxAccount } from './accounts.js';
import type { DbxNode, JournalEntry, Namespace } from './namespace.js';

/** Metadata JSON (wire reference C.3). */
export type MetadataJson = Record<string, unknown>;

/**
 * A file's or folder's metadata. `tagged` adds `.tag` (routes returning the Metadata union);
 * routes returning FileMetadata itself (upload, finish, download) leave it out.
 */
export function metadataOf(
  account: DropboxAccount,
  node: DbxNode,
  options: { tagged?: boolean } = {},
): MetadataJson {
  const ns = account.namespace;
  const pathDisplay = ns.pathOf(node);
  const common = {
    name: node.name,
    path_lower: pathDisplay.toLowerCase(),
    path_display: pathDisplay,
    id: node.id,
  };
  const shared = ns.sharedAncestor(node);
  if (node.kind === 'folder') {
    const own = node.sharedFolderId;
    return {
      ...(options.tagged === false ? {} : { '.tag': 'folder' }),
      ...common,
      ...(own !== undefined ? { shared_folder_id: own } : {}),
      ...(own !== undefined || shared
        ? {
            sharing_info: {
              read_only: false,
              ...(own !== undefined ? { shared_folder_id: own } : {}),
              ...(shared ? { parent_shared_folder_id: shared.sharedFolderId } : {}),
              traverse_only: false,
              no_access: false,
            },
          }
        : {}),
    };
  }
  const content = node.content;
  return {
    ...(options.tagged === false ? {} : { '.tag': 'file' }),
    ...common,
    client_modified: isoSeconds(content?.clientModified ?? 0),
    server_modified: isoSeconds(content?.serverModified ?? 0),
    rev: content?.rev ?? '',
    size: content?.bytes.length ?? 0,
    is_downloadable: true,
    content_hash: content?.contentHash ?? '',
    ...(shared
      ? {
          sharing_info: {
            read_only: false,
            parent_shared_folder_id: shared.sharedFolderId,
            modified_by: account.accountId,
          },
        }
      : {}),
    ...(node.members.length > 0 ? { has_explicit_shared_members: true } : {}),
  };
}

/** The `.tag: deleted` entry for a path that no longer exists. */
export function deletedMetadata(entry: JournalEntry): MetadataJson {
  return {
    '.tag': 'deleted',
    name: entry.name,
    path_lower: entry.pathLower,
    path_display: entry.pathDisplay,
  };
}

/** The live node at a journal entry's path, if any. */
export function nodeAtPath(ns: Namespace, pathLower: string): DbxNode | undefined {
  return pathLower === '' ? ns.root : ns.lookup(pathLower.slice(1).split('/'));
}
