import type { StoredBytes } from '../../server/content.js';
import type { DropboxAccount } from '../accounts.js';
import type { Args } from '../args.js';
import type { RouteContext } from '../context.js';
import { badInput, union } from '../errors.js';
import type { DbxNode } from '../namespace.js';
import {
  freeName,
  materializeParent,
  occupant,
  type ParsedPath,
  parsePath,
  planWrite,
  type Wrap,
  wrapped,
} from '../paths.js';

/** A CommitInfo: where and how to store uploaded bytes. */
export interface CommitInfo {
  readonly parsed: ParsedPath;
  readonly mode: 'add' | 'overwrite' | 'update';
  /** For `update`: the rev the file must still have. */
  readonly rev: string | undefined;
  readonly autorename: boolean;
  readonly strictConflict: boolean;
  readonly clientModified: number | undefined;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Reads a CommitInfo (the upload argument, or `commit` of a finish). */
export function parseCommitInfo(
  route: string,
  args: Args,
  account: DropboxAccount,
  wrap: Wrap,
): CommitInfo {
  const parsed = parsePath(route, 'path', args.string('path'), wrap, account);
  const mode = args.union('mode', ['add', 'overwrite', 'update'], 'add');
  const rev = mode.tag === 'update' ? mode.value.update : undefined;
  if (mode.tag === 'update' && (typeof rev !== 'string' || rev.length < 9)) {
    throw badInput(route, 'request body: mode.update: expected a rev of at least 9 characters');
  }
  const clientModified = args.optionalString('client_modified');
  if (clientModified !== undefined && !TIMESTAMP.test(clientModified)) {
    throw badInput(
      route,
      `request body: client_modified: time data '${clientModified}' does not match format '%Y-%m-%dT%H:%M:%SZ'`,
    );
  }
  return {
    parsed,
    mode: mode.tag,
    rev: typeof rev === 'string' ? rev : undefined,
    autorename: args.boolean('autorename', false),
    strictConflict: args.boolean('strict_conflict', false),
    clientModified: clientModified === undefined ? undefined : Date.parse(clientModified),
  };
}

/**
 * Stores `bytes` as the commit asks (wire reference C.6): `add` keeps an existing file (identical
 * content is no conflict unless `strict_conflict`), `overwrite` replaces it, `update` replaces it
 * only at the given rev; `autorename` picks a free name instead of failing. Identical content
 * makes no new revision. Call it under the write lock; failures are WriteErrors under `wrap`.
 */
export function commitFile(
  context: RouteContext,
  info: CommitInfo,
  bytes: StoredBytes,
  hash: string,
  wrap: Wrap,
): DbxNode {
  const { account, state } = context;
  const ns = account.namespace;
  const start = state.options.autorenameStart;
  const plan = planWrite(ns, info.parsed, wrap);
  const taken = occupant(ns, plan);
  let name = plan.name;
  let target: DbxNode | undefined;
  if (taken?.kind === 'folder') {
    if (!info.autorename) throw wrapped(wrap, union('conflict', union('folder')));
    name = freeName(plan.existing, plan.name, start);
  } else if (taken) {
    const identical = taken.content?.contentHash === hash;
    if (info.mode === 'overwrite' || (info.mode === 'update' && taken.content?.rev === info.rev)) {
      target = taken;
    } else if (info.mode === 'add' && identical && !info.strictConflict) {
      return taken;
    } else if (info.autorename) {
      name = freeName(plan.existing, plan.name, start, info.mode === 'update');
    } else {
      throw wrapped(wrap, union('conflict', union('file')));
    }
  } else if (info.mode === 'update' && !info.autorename) {
    throw wrapped(wrap, union('conflict', union('file')));
  }
  if (target?.content?.contentHash === hash) return target;
  const growth = bytes.size - (target?.content?.size ?? 0);
  if (ns.used + growth > account.quotaBytes) throw wrapped(wrap, union('insufficient_space'));
  const revision = ns.revision(bytes, hash, info.clientModified);
  if (target) {
    ns.replaceContent(target, revision);
    return target;
  }
  return ns.createFile(materializeParent(ns, plan), name, revision);
}
