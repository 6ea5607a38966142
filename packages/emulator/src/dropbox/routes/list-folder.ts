import { Args } from '../args.js';
import type { RouteContext } from '../context.js';
import { badInput, routeError, union } from '../errors.js';
import { deletedMetadata, type MetadataJson, metadataOf, nodeAtPath } from '../metadata.js';
import { compareNames, type DbxNode, type JournalEntry, type Namespace } from '../namespace.js';
import { parsePath, requireNode } from '../paths.js';

/** What a list_folder cursor remembers. */
interface ListCursor {
  readonly v: 1;
  /** Namespace id and epoch: a cursor from elsewhere, or from before a reset, is refused. */
  readonly ns: string;
  readonly epoch: string;
  /** Lower-case path of the listed folder, '' for the root. */
  readonly path: string;
  readonly recursive: boolean;
  readonly deleted: boolean;
  readonly limit: number;
  /** Changes after this number are reported once the listing is done. */
  readonly seq: number;
  /** The listing is done: the cursor reports changes after `seq`. */
  readonly changes: boolean;
  /** While listing: the lower-case path of the last entry sent. */
  readonly after?: string;
}

/** `files/list_folder`: the first page of a folder's entries. */
export function listFolder(context: RouteContext, arg: unknown): unknown {
  const cursor = startCursor(context, arg);
  return listPage(context, cursor);
}

/** `files/list_folder/continue`: the next page, then (same cursor) the changes since. */
export function listFolderContinue(context: RouteContext, arg: unknown): unknown {
  const cursor = openCursor(context, new Args(context.route, arg).string('cursor'));
  return cursor.changes ? changesPage(context, cursor) : listPage(context, cursor);
}

/** `files/list_folder/get_latest_cursor`: a cursor for "now", without listing. */
export function getLatestCursor(context: RouteContext, arg: unknown): unknown {
  const cursor = startCursor(context, arg);
  return { cursor: seal(context, { ...cursor, changes: true }) };
}

function startCursor(context: RouteContext, arg: unknown): ListCursor {
  const { route, account, state } = context;
  const args = new Args(route, arg);
  const parsed = parsePath(route, 'path', args.string('path'), 'path', account, { root: true });
  const recursive = args.boolean('recursive', false);
  const deleted = args.boolean('include_deleted', false);
  const limit = args.integer('limit', 1, state.options.maxListLimit, state.options.maxListLimit);
  const folder = requireNode(account.namespace, parsed, 'path');
  if (folder.kind !== 'folder') throw routeError(union('path', union('not_folder')));
  return {
    v: 1,
    ns: account.namespace.id,
    epoch: account.namespace.epoch,
    path: account.namespace.pathOf(folder).toLowerCase(),
    recursive,
    deleted,
    limit,
    seq: account.namespace.seq,
    changes: false,
  };
}

function listPage(context: RouteContext, cursor: ListCursor): unknown {
  const { account } = context;
  const ns = account.namespace;
  const folder = nodeAtPath(ns, cursor.path);
  if (folder?.kind !== 'folder') throw routeError(union('path', union('not_found')));
  const all = listing(ns, folder, cursor);
  const start = cursor.after === undefined ? 0 : firstAfter(all, cursor.after);
  const page = all.slice(start, start + cursor.limit);
  const hasMore = start + page.length < all.length;
  const last = page[page.length - 1];
  const next: ListCursor = hasMore
    ? { ...cursor, after: (last as ListedItem).pathLower }
    : withoutAfter({ ...cursor, changes: true });
  return {
    entries: page.map((item) =>
      item.node ? metadataOf(account, item.node) : deletedMetadata(item.entry as JournalEntry),
    ),
    cursor: seal(context, next),
    has_more: hasMore,
  };
}

function changesPage(context: RouteContext, cursor: ListCursor): unknown {
  const ns = context.account.namespace;
  const changed = [...ns.journal.values()]
    .filter((entry) => entry.seq > cursor.seq && inScope(entry.pathLower, cursor))
    .sort((a, b) => a.seq - b.seq);
  const page = changed.slice(0, cursor.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((entry) => render(context, entry)),
    cursor: seal(context, { ...cursor, seq: last ? last.seq : cursor.seq }),
    has_more: changed.length > page.length,
  };
}

/** An entry of a listing: a live node, or the journal entry of a deleted path. */
interface ListedItem {
  readonly pathLower: string;
  readonly node?: DbxNode;
  readonly entry?: JournalEntry;
}

/**
 * The folder's entries in listing order: each folder before its children, siblings by name.
 * Only the page sent is rendered; the folder's children come sorted from the namespace.
 */
function listing(ns: Namespace, folder: DbxNode, cursor: ListCursor): readonly ListedItem[] {
  const prefix = cursor.path;
  const items: ListedItem[] = [];
  if (cursor.recursive) {
    if (folder !== ns.root) items.push({ pathLower: prefix, node: folder });
    for (const node of ns.descendants(folder)) {
      items.push({ pathLower: ns.pathOf(node).toLowerCase(), node });
    }
  } else {
    for (const node of ns.childrenOf(folder)) {
      items.push({ pathLower: `${prefix}/${node.name.toLowerCase()}`, node });
    }
  }
  if (!cursor.deleted) return items;
  for (const entry of ns.journal.values()) {
    if (inScope(entry.pathLower, cursor) && !nodeAtPath(ns, entry.pathLower)) {
      items.push({ pathLower: entry.pathLower, entry });
    }
  }
  const keyed = items.map((item) => ({ item, segments: item.pathLower.split('/') }));
  keyed.sort((a, b) => compareSegments(a.segments, b.segments));
  return keyed.map(({ item }) => item);
}

/** The index of the first item after `pathLower` in listing order (binary search). */
function firstAfter(items: readonly ListedItem[], pathLower: string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (comparePaths((items[middle] as ListedItem).pathLower, pathLower) > 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

function render(context: RouteContext, entry: JournalEntry): MetadataJson {
  const node = nodeAtPath(context.account.namespace, entry.pathLower);
  return node ? metadataOf(context.account, node) : deletedMetadata(entry);
}

function inScope(pathLower: string, cursor: ListCursor): boolean {
  if (cursor.recursive) {
    return cursor.path === ''
      ? pathLower !== ''
      : pathLower === cursor.path || pathLower.startsWith(`${cursor.path}/`);
  }
  return pathLower.slice(0, pathLower.lastIndexOf('/')) === cursor.path && pathLower !== '';
}

/** Orders lower-case paths as a name-sorted pre-order walk does. */
function comparePaths(a: string, b: string): number {
  return compareSegments(a.split('/'), b.split('/'));
}

function compareSegments(left: readonly string[], right: readonly string[]): number {
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = compareNames(left[i] as string, right[i] as string);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

function withoutAfter(cursor: ListCursor): ListCursor {
  const { after: _after, ...rest } = cursor;
  return rest;
}

function seal(context: RouteContext, cursor: ListCursor): string {
  return context.state.signer.sign(cursor);
}

function openCursor(context: RouteContext, sealed: string): ListCursor {
  const cursor = context.state.signer.verify(sealed) as ListCursor | undefined;
  if (cursor?.v !== 1 || typeof cursor.path !== 'string') {
    throw badInput(context.route, 'Invalid "cursor" parameter.');
  }
  const ns = context.account.namespace;
  if (cursor.ns !== ns.id || cursor.epoch !== ns.epoch) throw routeError(union('reset'));
  return cursor;
}
