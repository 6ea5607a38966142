import type { DropboxAccount } from './accounts.js';
import { badInput, type DropboxError, routeError, type UnionValue, union } from './errors.js';
import type { DbxNode, Namespace } from './namespace.js';

/** A PathOrId as a route received it. */
export type ParsedPath =
  | { readonly kind: 'path'; readonly segments: readonly string[] }
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'rev'; readonly rev: string };

/** Which forms a field accepts. */
export interface PathForms {
  /** `''` names the root (list_folder, search); elsewhere it is refused. */
  root?: boolean;
  /** `rev:<rev>` (download). */
  rev?: boolean;
}

/**
 * How a route reports a lookup or write failure: usually as its union member `tag` holding the
 * reason (`path/not_found`); files/upload wraps the reason in a struct instead.
 */
export type Wrap = string | ((reason: UnionValue) => DropboxError);

/** The error for `reason` under `wrap`. */
export function wrapped(wrap: Wrap, reason: UnionValue): DropboxError {
  return typeof wrap === 'string' ? routeError(union(wrap, reason)) : wrap(reason);
}

// Names Dropbox refuses to store (WriteError.disallowed_name).
const DISALLOWED = new Set(['desktop.ini', 'thumbs.db', '.ds_store', '.dropbox', '.dropbox.attr']);

/**
 * Parses a PathOrId field. A value matching none of Dropbox's patterns is a 400; a path with
 * empty, `.` or `..` segments, a trailing slash or control characters is the route error
 * `<wrap>/malformed_path`. `ns:<id>/...` is resolved against the account's own namespace.
 */
export function parsePath(
  route: string,
  field: string,
  raw: string,
  wrap: Wrap,
  account: DropboxAccount,
  forms: PathForms = {},
): ParsedPath {
  if (raw === '') {
    if (forms.root) return { kind: 'path', segments: [] };
    throw badInput(route, `request body: ${field}: The root folder is unsupported.`);
  }
  if (raw.startsWith('id:') && raw.length > 3) return { kind: 'id', id: raw };
  if (forms.rev && raw.startsWith('rev:')) return { kind: 'rev', rev: raw.slice(4) };
  let rest = raw;
  const ns = /^ns:(\d+)(\/.*)?$/.exec(raw);
  if (ns) {
    if (ns[1] !== account.namespace.id) throw wrapped(wrap, union('not_found'));
    rest = ns[2] ?? '';
    if (rest === '') return { kind: 'path', segments: [] };
  }
  if (!rest.startsWith('/')) {
    throw badInput(
      route,
      `request body: ${field}: '${raw}' did not match pattern '(/(.|[\\r\\n])*)?|id:.*|(ns:[0-9]+(/.*)?)'`,
    );
  }
  const segments = rest.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || hasControl(segment)) {
      throw wrapped(wrap, union('malformed_path'));
    }
  }
  return { kind: 'path', segments };
}

/** The node a parsed path names, or undefined. */
export function resolvePath(namespace: Namespace, parsed: ParsedPath): DbxNode | undefined {
  if (parsed.kind === 'id') return namespace.get(parsed.id);
  if (parsed.kind === 'rev') {
    for (const node of namespace.descendants(namespace.root)) {
      if (node.content?.rev === parsed.rev) return node;
    }
    return undefined;
  }
  return namespace.lookup(parsed.segments);
}

/** The node, or the route error `<wrap>/not_found`. */
export function requireNode(namespace: Namespace, parsed: ParsedPath, wrap: Wrap): DbxNode {
  const node = resolvePath(namespace, parsed);
  if (!node) throw wrapped(wrap, union('not_found'));
  return node;
}

/** Where a new item goes: the deepest existing folder, the folders to create below it, the name. */
export interface WritePlan {
  readonly existing: DbxNode;
  readonly missing: readonly string[];
  readonly name: string;
}

/**
 * Plans a write at `parsed` without changing anything: checks the name, finds the deepest
 * existing ancestor, and refuses a file in the way (`<wrap>/conflict/file_ancestor`). An
 * `id:` names an existing item, which is then the target.
 */
export function planWrite(namespace: Namespace, parsed: ParsedPath, wrap: Wrap): WritePlan {
  if (parsed.kind !== 'path') {
    const node = requireNode(namespace, parsed, wrap);
    if (!node.parent) throw wrapped(wrap, union('malformed_path'));
    return { existing: node.parent, missing: [], name: node.name };
  }
  if (parsed.segments.length === 0) throw wrapped(wrap, union('malformed_path'));
  for (const segment of parsed.segments) checkName(segment, wrap);
  const names = parsed.segments.slice(0, -1);
  let folder = namespace.root;
  let index = 0;
  for (; index < names.length; index++) {
    const next = namespace.child(folder, names[index] as string);
    if (!next) break;
    if (next.kind !== 'folder') {
      throw wrapped(wrap, union('conflict', union('file_ancestor')));
    }
    folder = next;
  }
  return {
    existing: folder,
    missing: names.slice(index),
    name: parsed.segments[parsed.segments.length - 1] as string,
  };
}

/** Creates the missing folders of a plan and returns the parent folder. */
export function materializeParent(namespace: Namespace, plan: WritePlan): DbxNode {
  let folder = plan.existing;
  for (const name of plan.missing) folder = namespace.createFolder(folder, name);
  return folder;
}

/** The item already at a plan's target, if its parent exists. */
export function occupant(namespace: Namespace, plan: WritePlan): DbxNode | undefined {
  return plan.missing.length === 0 ? namespace.child(plan.existing, plan.name) : undefined;
}

/**
 * The first free name for autorename: `name (1).ext`, `name (2).ext`, ... (the first number is
 * an option, wire reference C.6), or `name (conflicted copy).ext` for a failed update.
 */
export function freeName(
  folder: DbxNode,
  name: string,
  start: number,
  conflictedCopy = false,
): string {
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  const taken = (candidate: string) => folder.children.has(candidate.toLowerCase());
  if (conflictedCopy) {
    const copy = `${stem} (conflicted copy)${ext}`;
    if (!taken(copy)) return copy;
  }
  for (let n = start; ; n++) {
    const candidate = conflictedCopy
      ? `${stem} (conflicted copy ${n})${ext}`
      : `${stem} (${n})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

function checkName(name: string, wrap: Wrap): void {
  if (DISALLOWED.has(name.toLowerCase())) {
    throw wrapped(wrap, union('disallowed_name'));
  }
  if (name.length > 255 || name.endsWith(' ') || name.includes('\\')) {
    throw wrapped(wrap, union('malformed_path'));
  }
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
