import { Args } from '../args.js';
import type { RouteContext } from '../context.js';
import { badInput, routeError, union } from '../errors.js';
import { metadataOf } from '../metadata.js';
import { parsePath, requireNode } from '../paths.js';

/** What a search cursor remembers. */
interface SearchCursor {
  readonly v: 1;
  readonly ns: string;
  readonly query: string;
  readonly path: string;
  readonly max: number;
  readonly offset: number;
}

/**
 * `files/search_v2`: items whose name contains every word of the query, case-insensitively,
 * beneath `options.path`, in path order; `max_results` per page, continued with a cursor.
 * Content is not indexed, and there is no indexing delay.
 */
export function searchV2(context: RouteContext, arg: unknown): unknown {
  const { route, account } = context;
  const args = new Args(route, arg);
  const query = args.string('query');
  if (query.trim() === '') throw badInput(route, 'request body: query: must not be empty');
  const options = args.optionalStruct('options');
  const parsed = parsePath(
    route,
    'options.path',
    options?.optionalString('path') ?? '',
    'path',
    account,
    {
      root: true,
    },
  );
  const folder = requireNode(account.namespace, parsed, 'path');
  if (folder.kind !== 'folder') throw routeError(union('path', union('not_folder')));
  const status = options?.union('file_status', ['active', 'deleted'], 'active').tag ?? 'active';
  const cursor: SearchCursor = {
    v: 1,
    ns: account.namespace.id,
    query,
    path: account.namespace.pathOf(folder).toLowerCase(),
    max: options?.integer('max_results', 1, 1000, 100) ?? 100,
    offset: 0,
  };
  return status === 'deleted' ? { matches: [], has_more: false } : page(context, cursor);
}

/** `files/search/continue_v2`. */
export function searchContinueV2(context: RouteContext, arg: unknown): unknown {
  const sealed = new Args(context.route, arg).string('cursor');
  const cursor = context.state.signer.verify(sealed) as SearchCursor | undefined;
  if (cursor?.v !== 1 || cursor.ns !== context.account.namespace.id) {
    throw badInput(context.route, 'Invalid "cursor" parameter.');
  }
  return page(context, cursor);
}

function page(context: RouteContext, cursor: SearchCursor): unknown {
  const { account } = context;
  const ns = account.namespace;
  const words = cursor.query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  const scope = cursor.path === '' ? ns.root : ns.lookup(cursor.path.slice(1).split('/'));
  const found = scope
    ? ns
        .descendants(scope)
        .filter((node) => words.every((word) => node.name.toLowerCase().includes(word)))
    : [];
  const slice = found.slice(cursor.offset, cursor.offset + cursor.max);
  const hasMore = found.length > cursor.offset + slice.length;
  return {
    matches: slice.map((node) => ({
      match_type: { '.tag': 'filename' },
      metadata: { '.tag': 'metadata', metadata: metadataOf(account, node) },
    })),
    has_more: hasMore,
    ...(hasMore
      ? { cursor: context.state.signer.sign({ ...cursor, offset: cursor.offset + slice.length }) }
      : {}),
  };
}
