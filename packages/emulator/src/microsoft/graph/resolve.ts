import type { EmulatorRequest } from '../../server/request.js';
import type { ConflictBehavior } from '../options.js';
import type { ItemAddress } from './address.js';
import type { GraphContext } from './context.js';
import type { Drive, Item } from './drive.js';
import { invalidRequest, itemNotFound, nameAlreadyExists, preconditionFailed } from './errors.js';
import { assertPathLength, assertValidName, renamedCandidate } from './names.js';
import { cTag, eTag } from './render.js';

/** The item an address names; 404 when it does not exist. */
export function resolveItem(context: GraphContext, address: ItemAddress): Item {
  let item = resolveBase(context, address);
  for (const name of address.path ?? []) {
    if (item.kind !== 'folder') throw itemNotFound('Item does not exist');
    const child = context.drive.child(item, name);
    if (!child) throw itemNotFound('Item does not exist');
    item = child;
  }
  return item;
}

/** Where a write lands: an existing item addressed by id, or a name under a parent folder. */
export type WriteTarget =
  | { kind: 'existing'; item: Item }
  | { kind: 'child'; parent: Item; name: string };

/**
 * Resolves the target of an upload or create. A colon path names a child of a folder; missing
 * folders on the way are created when `autoCreateParents` is on (personal OneDrive), else 404.
 */
export function resolveWriteTarget(context: GraphContext, address: ItemAddress): WriteTarget {
  const base = resolveBase(context, address);
  const path = address.path ?? [];
  if (path.length === 0) return { kind: 'existing', item: base };
  let parent = base;
  for (const name of path.slice(0, -1)) {
    if (parent.kind !== 'folder') throw invalidRequest(`'${parent.name}' is a file, not a folder.`);
    const existing = context.drive.child(parent, name);
    if (existing) {
      parent = existing;
      continue;
    }
    if (!context.state.options.autoCreateParents) throw itemNotFound('Item does not exist');
    assertNewName(context.drive, parent, name, 'folder');
    parent = context.drive.createFolder(parent, name);
  }
  if (parent.kind !== 'folder') throw invalidRequest(`'${parent.name}' is a file, not a folder.`);
  return { kind: 'child', parent, name: path[path.length - 1] as string };
}

/** Checks a name for a new child of `parent`: the name rules and the 400-character path limit. */
export function assertNewName(
  drive: Drive,
  parent: Item,
  name: string,
  kind: 'file' | 'folder',
): void {
  assertValidName(name, kind, drive.type, parent.parentId === null);
  assertPathLength([...drive.pathSegments(parent), name]);
}

/** The outcome of a name conflict check. */
export type NameChoice = { name: string; existing: Item | undefined };

/**
 * Applies a conflict behaviour to `name` under `parent`: `fail` throws 409 when taken, `rename`
 * picks `name 1.ext`, `name 2.ext`, ..., `replace` returns the item to replace. `self` is ignored
 * (renaming an item to a different case of its own name is not a conflict).
 */
export function chooseName(
  drive: Drive,
  parent: Item,
  name: string,
  kind: 'file' | 'folder',
  behavior: ConflictBehavior,
  self?: Item,
): NameChoice {
  const existing = drive.child(parent, name);
  if (!existing || existing.id === self?.id) return { name, existing: undefined };
  if (behavior === 'fail') throw nameAlreadyExists(name);
  if (behavior === 'replace') return { name, existing };
  for (let attempt = 1; ; attempt++) {
    const candidate = renamedCandidate(name, kind, attempt);
    if (!drive.child(parent, candidate)) return { name: candidate, existing: undefined };
  }
}

/** Reads a conflict behaviour from a string; 400 for anything else. */
export function parseConflictBehavior(
  value: unknown,
  fallback: ConflictBehavior,
): ConflictBehavior {
  if (value === undefined || value === null) return fallback;
  if (value === 'fail' || value === 'replace' || value === 'rename') return value;
  throw invalidRequest(
    `@microsoft.graph.conflictBehavior must be fail, replace or rename, got '${String(value)}'.`,
  );
}

/** The conflict behaviour from the query string, or `fallback`. */
export function queryConflictBehavior(
  context: GraphContext,
  fallback: ConflictBehavior,
): ConflictBehavior {
  return parseConflictBehavior(
    context.request.query.get('@microsoft.graph.conflictBehavior') ?? undefined,
    fallback,
  );
}

/** Applies `If-Match` (eTag or cTag, or `*`): 412 when the item is missing or changed. */
export function checkIfMatch(request: EmulatorRequest, item: Item | undefined): void {
  const header = request.header('if-match');
  if (header === undefined) return;
  if (!item) throw preconditionFailed();
  const tags = parseTags(header);
  if (tags.includes('*')) return;
  const current = [normalizeTag(eTag(item)), normalizeTag(cTag(item))];
  if (!tags.some((tag) => current.includes(tag))) throw preconditionFailed();
}

/** True when `If-None-Match` names the item's current eTag (GET answers 304 then). */
export function notModified(request: EmulatorRequest, item: Item): boolean {
  const header = request.header('if-none-match');
  if (header === undefined) return false;
  return parseTags(header).includes(normalizeTag(eTag(item)));
}

function resolveBase(context: GraphContext, address: ItemAddress): Item {
  if (address.base.kind === 'root') return context.drive.root;
  const item = context.drive.get(address.base.id);
  if (!item) throw itemNotFound('Item does not exist');
  return item;
}

/**
 * The tags in an If-Match / If-None-Match header. Graph eTags hold a comma (`"{GUID},3"`), so the
 * list is read as quoted strings; a header without quotes is taken as one bare tag.
 */
function parseTags(header: string): string[] {
  const quoted = header.match(/(?:W\/)?"[^"]*"|\*/g);
  return (quoted ?? [header]).map(normalizeTag);
}

/** Strips `W/` and the quotes from one tag. */
function normalizeTag(tag: string): string {
  return tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}
