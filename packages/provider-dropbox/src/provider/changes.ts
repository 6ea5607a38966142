import type { Change, ChangesPage, OperationOptions } from '@polydrive/core';
import { type ListFolderResult, toEntry } from '../api/metadata.js';
import { type DropboxContext, seen } from './context.js';

/**
 * The change feed over list_folder cursors of the whole Dropbox. Without a cursor: a cursor for
 * "now" (get_latest_cursor). With one: what changed since (list_folder/continue), in Dropbox's
 * order. Dropbox reports deletions by path only, so their ids come from the paths this provider
 * has seen (else the lower-case path stands in); the deletion of an item that reappears in the
 * same page (a move) is left out.
 */
export async function changes(
  context: DropboxContext,
  cursor: string | undefined,
  options?: OperationOptions,
): Promise<ChangesPage> {
  const call = { operation: 'changes', ...(options?.signal ? { signal: options.signal } : {}) };
  if (cursor === undefined) {
    const latest = await context.client.rpc<{ cursor: string }>(
      call,
      'files/list_folder/get_latest_cursor',
      { path: '', recursive: true },
    );
    return { changes: [], cursor: latest.cursor, hasMore: false };
  }
  const page = await context.client.rpc<ListFolderResult>(call, 'files/list_folder/continue', {
    cursor,
  });
  const { entries } = page;
  const present = new Set(
    entries.filter((meta) => meta['.tag'] !== 'deleted').map((meta) => meta.id),
  );
  const out: Change[] = [];
  for (const meta of entries) {
    if (meta['.tag'] !== 'deleted') {
      out.push({ type: 'upsert', entry: toEntry(seen(context, meta)) });
      continue;
    }
    if (meta.path_lower === undefined) continue;
    const id = context.ids.idAt(meta.path_lower) ?? meta.path_lower;
    if (present.has(id)) continue;
    out.push({ type: 'delete', id, ...(meta.path_display ? { path: meta.path_display } : {}) });
  }
  return { changes: out, cursor: page.cursor, hasMore: page.has_more };
}
