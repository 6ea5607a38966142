import { Args } from '../args.js';
import type { RouteContext } from '../context.js';
import { routeError, union } from '../errors.js';
import { deletedMetadata, metadataOf } from '../metadata.js';
import { parsePath, resolvePath } from '../paths.js';

/** `files/get_metadata`: a file's or folder's metadata; `include_deleted` reports deleted paths. */
export function getMetadata(context: RouteContext, arg: unknown): unknown {
  const { route, account } = context;
  const args = new Args(route, arg);
  const parsed = parsePath(route, 'path', args.string('path'), 'path', account);
  const includeDeleted = args.boolean('include_deleted', false);
  const node = resolvePath(account.namespace, parsed);
  if (node) return metadataOf(account, node);
  if (includeDeleted && parsed.kind === 'path') {
    const pathLower = `/${parsed.segments.join('/')}`.toLowerCase();
    const entry = account.namespace.journal.get(pathLower);
    if (entry) return deletedMetadata(entry);
  }
  throw routeError(union('path', union('not_found')));
}
