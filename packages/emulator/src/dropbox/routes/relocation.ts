import { Args } from '../args.js';
import { type RouteContext, withWriteLock } from '../context.js';
import { routeError, union } from '../errors.js';
import { metadataOf } from '../metadata.js';
import type { DbxNode } from '../namespace.js';
import {
  freeName,
  materializeParent,
  occupant,
  parsePath,
  planWrite,
  requireNode,
} from '../paths.js';

/** `files/create_folder_v2`: creates a folder and its missing parents. */
export function createFolderV2(context: RouteContext, arg: unknown): Promise<unknown> {
  const { route, account, state } = context;
  const args = new Args(route, arg);
  const parsed = parsePath(route, 'path', args.string('path'), 'path', account);
  const autorename = args.boolean('autorename', false);
  const ns = account.namespace;
  return withWriteLock(context, () => {
    const plan = planWrite(ns, parsed, 'path');
    const taken = occupant(ns, plan);
    if (taken && !autorename) {
      throw routeError(union('path', union('conflict', union(taken.kind))));
    }
    const name = taken
      ? freeName(plan.existing, plan.name, state.options.autorenameStart)
      : plan.name;
    const folder = ns.createFolder(materializeParent(ns, plan), name);
    return { metadata: metadataOf(account, folder) };
  });
}

/** `files/move_v2`: moves or renames a file or folder (case-only renames are refused). */
export function moveV2(context: RouteContext, arg: unknown): Promise<unknown> {
  return relocate(context, arg, 'move');
}

/** `files/copy_v2`: copies a file or a folder with everything in it; sharing is not copied. */
export function copyV2(context: RouteContext, arg: unknown): Promise<unknown> {
  return relocate(context, arg, 'copy');
}

/** `files/delete_v2`: deletes a file or a folder with everything in it. */
export function deleteV2(context: RouteContext, arg: unknown): Promise<unknown> {
  return remove(context, arg).then((metadata) => ({ metadata }));
}

/** `files/permanently_delete`: like delete_v2, with no result. */
export function permanentlyDelete(context: RouteContext, arg: unknown): Promise<unknown> {
  return remove(context, arg).then(() => null);
}

function relocate(context: RouteContext, arg: unknown, kind: 'move' | 'copy'): Promise<unknown> {
  const { route, account, state } = context;
  const args = new Args(route, arg);
  const from = parsePath(route, 'from_path', args.string('from_path'), 'from_lookup', account);
  const to = parsePath(route, 'to_path', args.string('to_path'), 'to', account);
  const autorename = args.boolean('autorename', false);
  const ns = account.namespace;
  return withWriteLock(context, () => {
    const node = requireNode(ns, from, 'from_lookup');
    const plan = planWrite(ns, to, 'to');
    if (node.kind === 'folder' && ns.isWithin(plan.existing, node)) {
      throw routeError(union('cant_move_folder_into_itself'));
    }
    const intoShare =
      plan.existing.sharedFolderId !== undefined || ns.sharedAncestor(plan.existing) !== undefined;
    if (kind === 'move' && intoShare && containsShare(node, ns.descendants(node))) {
      throw routeError(union('cant_nest_shared_folder'));
    }
    const taken = occupant(ns, plan);
    if (taken && (taken === node || !autorename)) {
      throw routeError(union('to', union('conflict', union(taken.kind))));
    }
    if (kind === 'copy') {
      const bytes = [node, ...ns.descendants(node)].reduce(
        (sum, item) => sum + (item.content?.size ?? 0),
        0,
      );
      if (ns.used + bytes > account.quotaBytes) throw routeError(union('insufficient_quota'));
    }
    const name = taken
      ? freeName(plan.existing, plan.name, state.options.autorenameStart)
      : plan.name;
    const parent = materializeParent(ns, plan);
    if (kind === 'copy') return { metadata: metadataOf(account, ns.copy(node, parent, name)) };
    ns.move(node, parent, name);
    return { metadata: metadataOf(account, node) };
  });
}

async function remove(context: RouteContext, arg: unknown): Promise<unknown> {
  const { route, account } = context;
  const args = new Args(route, arg);
  const parsed = parsePath(route, 'path', args.string('path'), 'path_lookup', account);
  const parentRev = args.optionalString('parent_rev');
  const ns = account.namespace;
  return withWriteLock(context, () => {
    const node = requireNode(ns, parsed, 'path_lookup');
    if (parentRev !== undefined) {
      if (node.kind !== 'file') throw routeError(union('path_lookup', union('not_file')));
      if (node.content?.rev !== parentRev) {
        throw routeError(union('path_write', union('conflict', union('file'))));
      }
    }
    const metadata = metadataOf(account, node);
    ns.remove(node);
    return metadata;
  });
}

function containsShare(node: DbxNode, descendants: DbxNode[]): boolean {
  return [node, ...descendants].some((item) => item.sharedFolderId !== undefined);
}
