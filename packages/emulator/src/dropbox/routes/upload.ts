import { BodyReceiver } from '../../server/content.js';
import { randomToken } from '../../server/random.js';
import { BodyTooLargeError } from '../../server/request.js';
import { Args } from '../args.js';
import { ContentHasher, type DropboxDigesters, dropboxContent } from '../content-hash.js';
import { type RouteContext, withWriteLock } from '../context.js';
import {
  badInput,
  DropboxError,
  routeError,
  routeErrorJson,
  type UnionValue,
  union,
  unionJson,
} from '../errors.js';
import { metadataOf } from '../metadata.js';
import type { UploadSession } from '../state.js';
import { type CommitInfo, commitFile, parseCommitInfo } from './commit.js';

/** The largest file an upload session can build: 2^41 - 2^22 bytes (about 2 TiB). */
const MAX_SESSION_BYTES = 2 ** 41 - 2 ** 22;

// files/upload reports a failed write as UploadWriteFailed, a struct: { reason, upload_session_id }.
const uploadWrap = (reason: UnionValue) =>
  routeErrorJson(union('path', reason), {
    '.tag': 'path',
    reason: unionJson(reason),
    upload_session_id: '',
  });

const appendWrap = (reason: UnionValue) => routeError(reason);
const finishWrap = (reason: UnionValue) => routeError(union('lookup_failed', reason));

/** `files/upload`: one request, at most `maxRequestBytes` (150 MiB). */
export async function upload(context: RouteContext, arg: unknown): Promise<unknown> {
  const { route, account } = context;
  const args = new Args(route, arg);
  const info = parseCommitInfo(route, args, account, uploadWrap);
  const expected = args.optionalString('content_hash');
  const content = dropboxContent();
  await readBody(context, (piece) => content.append(piece));
  const { bytes, digests } = content.finish();
  if (expected !== undefined && expected !== digests.contentHash) {
    throw routeError(union('content_hash_mismatch'));
  }
  return withWriteLock(context, () =>
    metadataOf(account, commitFile(context, info, bytes, digests.contentHash, uploadWrap), {
      tagged: false,
    }),
  );
}

/** `files/upload_session/start`: a sequential session, optionally with the first bytes. */
export async function uploadSessionStart(context: RouteContext, arg: unknown): Promise<unknown> {
  const { route, account, state } = context;
  const args = new Args(route, arg);
  const close = args.boolean('close', false);
  const type = args.union('session_type', ['sequential', 'concurrent'], 'sequential').tag;
  if (type === 'concurrent') {
    throw badInput(route, 'request body: session_type: the emulator has sequential sessions only');
  }
  const expected = args.optionalString('content_hash');
  const content = dropboxContent();
  await readBody(context, (piece) => content.append(piece));
  if (expected !== undefined && expected !== content.peek().contentHash) {
    throw routeError(union('content_hash_mismatch'));
  }
  const session: UploadSession = {
    id: `AAAAAAAA${randomToken(18)}`,
    accountId: account.accountId,
    content,
    closed: close,
    expiresAt: state.now() + state.options.uploadSessionLifetimeSeconds * 1000,
  };
  state.sessions.set(session.id, session);
  return { session_id: session.id };
}

/**
 * `files/upload_session/append_v2`: more bytes at the session's offset; `close` ends appending.
 * The bytes are hashed as they arrive; the session takes them only once they all arrived.
 */
export async function uploadSessionAppend(context: RouteContext, arg: unknown): Promise<unknown> {
  const { route } = context;
  const args = new Args(route, arg);
  const cursor = parseCursor(args);
  const close = args.boolean('close', false);
  const expected = args.optionalString('content_hash');
  const receiver = new BodyReceiver(appendableSession(context, cursor)?.content);
  const bodyHash = expected === undefined ? undefined : new ContentHasher();
  await readBody(context, (piece) => {
    receiver.take(piece);
    bodyHash?.update(piece);
  });
  const session = lookupSession(context, cursor, appendWrap);
  if (session.closed) throw routeError(union('closed'));
  if (session.content.size + receiver.size > MAX_SESSION_BYTES)
    throw routeError(union('too_large'));
  if (bodyHash && expected !== bodyHash.digest()) {
    throw routeError(union('content_hash_mismatch'));
  }
  if (receiver.size > 0) session.content = receiver.onto(session.content);
  if (close) session.closed = true;
  return null;
}

/** `files/upload_session/finish`: the last bytes and the commit. A failed commit keeps the session. */
export async function uploadSessionFinish(context: RouteContext, arg: unknown): Promise<unknown> {
  const { route, account } = context;
  const args = new Args(route, arg);
  const cursor = parseCursor(args);
  const info = parseCommitInfo(route, args.struct('commit'), account, 'path');
  const expected = args.optionalString('content_hash');
  const receiver = new BodyReceiver(appendableSession(context, cursor)?.content);
  await readBody(context, (piece) => receiver.take(piece));
  return withWriteLock(context, () => {
    const session = lookupSession(context, cursor, finishWrap);
    if (session.closed && receiver.size > 0) throw finishWrap(union('closed'));
    return metadataOf(account, finishSession(context, session, info, receiver, expected), {
      tagged: false,
    });
  });
}

/**
 * `files/upload_session/finish_batch_v2` (RPC): commits up to 1000 closed sessions under one
 * write lock, answering per entry with the file or the failure.
 */
export function uploadSessionFinishBatch(context: RouteContext, arg: unknown): Promise<unknown> {
  const { route, account } = context;
  const entries = new Args(route, arg).list('entries');
  if (entries.length > 1000) {
    throw badInput(route, 'request body: entries: list has more than 1000 items');
  }
  const parsed = entries.map((entry, index) => {
    const args = new Args(route, entry, `entries[${index}]`);
    return {
      cursor: parseCursor(args),
      info: parseCommitInfo(route, args.struct('commit'), account, 'path'),
    };
  });
  return withWriteLock(context, () => ({
    entries: parsed.map(({ cursor, info }) => {
      try {
        const session = lookupSession(context, cursor, finishWrap);
        if (!session.closed) throw finishWrap(union('not_closed'));
        const node = finishSession(context, session, info, undefined, undefined);
        return { '.tag': 'success', ...metadataOf(account, node, { tagged: false }) };
      } catch (error) {
        if (!(error instanceof DropboxError) || error.status !== 409 || error.body.kind !== 'json')
          throw error;
        return { '.tag': 'failure', failure: (error.body.value as { error: unknown }).error };
      }
    }),
  }));
}

/** The session id in the argument of an append or finish, for the sessionExpired fault. */
export function sessionIdOf(arg: unknown): string | undefined {
  const cursor = (arg as { cursor?: { session_id?: unknown } } | null)?.cursor;
  return typeof cursor?.session_id === 'string' ? cursor.session_id : undefined;
}

interface SessionCursor {
  readonly sessionId: string;
  readonly offset: number;
}

function parseCursor(args: Args): SessionCursor {
  const cursor = args.struct('cursor');
  return {
    sessionId: cursor.string('session_id'),
    offset: cursor.integer('offset', 0, Number.MAX_SAFE_INTEGER),
  };
}

function lookupSession(
  context: RouteContext,
  cursor: SessionCursor,
  wrap: (reason: UnionValue) => DropboxError,
): UploadSession {
  const { state, account } = context;
  const session = state.sessions.get(cursor.sessionId);
  if (!session || session.accountId !== account.accountId) throw wrap(union('not_found'));
  if (session.expiresAt <= state.now()) {
    state.sessions.delete(session.id);
    throw wrap(union('not_found'));
  }
  if (cursor.offset !== session.content.size) {
    throw wrap(union('incorrect_offset', undefined, { correct_offset: session.content.size }));
  }
  return session;
}

/** The session the cursor names when bytes can go onto it now; checked again once they arrived. */
function appendableSession(
  context: RouteContext,
  cursor: SessionCursor,
): UploadSession | undefined {
  const session = context.state.sessions.get(cursor.sessionId);
  return session &&
    session.accountId === context.account.accountId &&
    !session.closed &&
    session.content.size === cursor.offset
    ? session
    : undefined;
}

/**
 * Commits the session's bytes and the last ones in `receiver`. The bytes are finished from a
 * fork, so that the session stays as it was when the commit fails.
 */
function finishSession(
  context: RouteContext,
  session: UploadSession,
  info: CommitInfo,
  receiver: BodyReceiver<DropboxDigesters> | undefined,
  expected: string | undefined,
): ReturnType<typeof commitFile> {
  const content = receiver ? receiver.onto(session.content) : session.content.fork();
  const { bytes, digests } = content.finish();
  if (expected !== undefined && expected !== digests.contentHash) {
    throw routeError(union('content_hash_mismatch'));
  }
  const node = commitFile(context, info, bytes, digests.contentHash, 'path');
  context.state.sessions.delete(session.id);
  return node;
}

/** Reads the body piece by piece into `onPiece`, at most `maxRequestBytes` of it. */
async function readBody(context: RouteContext, onPiece: (piece: Buffer) => void): Promise<void> {
  try {
    await context.request.stream(onPiece, context.state.options.maxRequestBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw routeError(union('payload_too_large'));
    throw error;
  }
}
