import { isoSeconds } from '../server/clock.js';
import type { DropboxAccount } from './accounts.js';
import type { DbxNode, JournalEntry, Namespace } from './namespace.js';

/** Metadata JSON (wire reference C.3). */
export type MetadataJson = Record<string, unknown>;

/**
 * A file's or folder's metadata. `tagged` adds `.tag` (routes returning the Metadata union);
 * routes returning FileMetadata itself (upload, finish, download) leave it out. Built field by
 * field in Dropbox's order: listings render thousands of these.
 */
export function metadataOf(
  account: DropboxAccount,
  node: DbxNode,
  options: { tagged?: boolean } = {},
): MetadataJson {
  const ns = account.namespace;
  const pathDisplay = ns.pathOf(node);
  const json: MetadataJson = {};
  if (options.tagged !== false) json['.tag'] = node.kind;
  json.name = node.name;
  json.path_lower = pathDisplay.toLowerCase();
  json.path_display = pathDisplay;
  json.id = node.id;
  const shared = ns.sharedAncestor(node);
  if (node.kind === 'folder') {
    const own = node.sharedFolderId;
    if (own !== undefined) json.shared_folder_id = own;
    if (own !== undefined || shared) {
      const sharing: MetadataJson = { read_only: false };
      if (own !== undefined) sharing.shared_folder_id = own;
      if (shared) sharing.parent_shared_folder_id = shared.sharedFolderId;
      sharing.traverse_only = false;
      sharing.no_access = false;
      json.sharing_info = sharing;
    }
    return json;
  }
  const content = node.content;
  json.client_modified = isoSeconds(content?.clientModified ?? 0);
  json.server_modified = isoSeconds(content?.serverModified ?? 0);
  json.rev = content?.rev ?? '';
  json.size = content?.size ?? 0;
  json.is_downloadable = true;
  json.content_hash = content?.contentHash ?? '';
  if (shared) {
    json.sharing_info = {
      read_only: false,
      parent_shared_folder_id: shared.sharedFolderId,
      modified_by: account.accountId,
    };
  }
  if (node.members.length > 0) json.has_explicit_shared_members = true;
  return json;
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
