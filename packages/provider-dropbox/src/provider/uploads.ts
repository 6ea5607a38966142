import {
  type ChunkOptions,
  type ChunkResult,
  type CreateUploadOptions,
  type Destination,
  type JsonValue,
  type OperationOptions,
  PolydriveError,
  type UploadState,
} from '@polydrive/core';
import type { Attempt, CallContext } from '../api/dropbox-client.js';
import { type DropboxFailure, failureError } from '../api/errors.js';
import { commitSession } from './commit.js';
import { commitInfo } from './commit-info.js';
import { type DropboxContext, PROVIDER_NAME } from './context.js';

/** Dropbox keeps an upload session for 7 days. */
const SESSION_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** What an upload state keeps in `session`. */
interface SessionData {
  readonly sessionId: string;
  readonly path: string;
  readonly commit: { readonly [key: string]: JsonValue };
}

function sessionOf(state: UploadState): SessionData {
  const { sessionId, path, commit } = state.session as Record<string, unknown>;
  if (
    typeof sessionId !== 'string' ||
    typeof path !== 'string' ||
    !commit ||
    typeof commit !== 'object'
  ) {
    throw new PolydriveError('InvalidArgument', {
      message: 'This upload state does not hold a Dropbox upload session.',
      advice: 'Resume with the state saved from a Dropbox upload (through onState).',
      provider: PROVIDER_NAME,
      operation: 'resumeUpload',
    });
  }
  return { sessionId, path, commit: commit as { [key: string]: JsonValue } };
}

function callContext(operation: string, path: string, options?: OperationOptions): CallContext {
  return { operation, target: path, ...(options?.signal ? { signal: options.signal } : {}) };
}

function correctOffset(failure: DropboxFailure): number | undefined {
  const error = failure.error as
    | { correct_offset?: unknown; lookup_failed?: { correct_offset?: unknown } }
    | undefined;
  const offset = error?.correct_offset ?? error?.lookup_failed?.correct_offset;
  return failure.tags.includes('incorrect_offset') && typeof offset === 'number'
    ? offset
    : undefined;
}

function sessionGone(path: string, operation: string, failure: DropboxFailure): PolydriveError {
  return new PolydriveError('NotFound', {
    message: 'The upload session has expired, was cancelled or was already finished.',
    advice: 'Start the upload again.',
    provider: PROVIDER_NAME,
    operation,
    target: path,
    httpStatus: failure.status,
    providerCode: failure.tags.join('/'),
  });
}

/** Opens a sequential upload session for `path` (its parent already checked). */
export async function createUploadSession(
  context: DropboxContext,
  dest: Destination,
  path: string,
  options: CreateUploadOptions,
): Promise<UploadState> {
  const { session_id } = await context.client.call(
    callContext('createUploadSession', path, options),
    (dbx) => dbx.filesUploadSessionStart({ close: false, contents: new Uint8Array(0) }),
  );
  const now = Date.now();
  return {
    version: 1,
    provider: PROVIDER_NAME,
    destination: dest,
    size: options.size ?? null,
    chunkSize: options.chunkSize,
    offset: 0,
    conflict: options.conflict,
    ...(options.mimeType !== undefined ? { mimeType: options.mimeType } : {}),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + SESSION_LIFETIME_MS).toISOString(),
    session: { sessionId: session_id, path, commit: commitInfo(path, options) },
  };
}

/**
 * Sends one chunk. The last one closes the session (append_v2 with `close`) and is committed
 * through the batcher. A wrong offset is a retryable Conflict, so the upload engine asks for the
 * status and continues from Dropbox's offset.
 */
export async function uploadChunk(
  context: DropboxContext,
  state: UploadState,
  chunk: Uint8Array,
  options: ChunkOptions,
): Promise<ChunkResult> {
  const { sessionId, path, commit } = sessionOf(state);
  const call = callContext('uploadChunk', path, options);
  const end = state.offset + chunk.byteLength;
  const appended = await append(context, call, sessionId, state.offset, chunk, options.final);
  if (!appended.ok) {
    const { failure } = appended;
    // The answer to an earlier try of this very request was lost: its bytes are there.
    const alreadyThere = correctOffset(failure) === end && options.final;
    const closedByUs = failure.tags.includes('closed') && chunk.byteLength === 0 && options.final;
    if (!alreadyThere && !closedByUs) {
      if (failure.tags.includes('not_found') || failure.tags.includes('closed'))
        throw sessionGone(path, 'uploadChunk', failure);
      throw failureError(failure, call);
    }
  }
  const next: UploadState = { ...state, offset: end };
  if (!options.final) return { state: next };
  const entry = await commitSession(
    context,
    { cursor: { session_id: sessionId, offset: end }, commit },
    { operation: 'uploadChunk', target: path, ifMatch: isUpdate(commit) },
    options.signal,
  );
  return { state: { ...next, size: end }, entry };
}

/**
 * How many bytes Dropbox holds. There is no status route: an empty append at the saved offset
 * succeeds when it is right, or answers `incorrect_offset` with the right one.
 */
export async function uploadStatus(
  context: DropboxContext,
  state: UploadState,
  options?: OperationOptions,
): Promise<UploadState> {
  const { sessionId, path } = sessionOf(state);
  const call = callContext('uploadStatus', path, options);
  const probe = await append(context, call, sessionId, state.offset, new Uint8Array(0), false);
  if (probe.ok) return state;
  const offset = correctOffset(probe.failure);
  if (offset !== undefined) return { ...state, offset };
  if (probe.failure.tags.includes('not_found') || probe.failure.tags.includes('closed')) {
    throw sessionGone(path, 'uploadStatus', probe.failure);
  }
  throw failureError(probe.failure, call);
}

/**
 * Cancels a session. Dropbox has no route for it: the session is closed (nothing can be
 * appended to it any more) and expires on its own.
 */
export async function abortUpload(
  context: DropboxContext,
  state: UploadState,
  options?: OperationOptions,
): Promise<void> {
  const { sessionId, path } = sessionOf(state);
  const call = callContext('abortUpload', path, options);
  let offset = state.offset;
  // A stale offset is answered with the right one: close the session there instead.
  for (let tries = 0; tries < 2; tries++) {
    const closed = await append(context, call, sessionId, offset, new Uint8Array(0), true);
    if (closed.ok) return;
    const { failure } = closed;
    if (failure.tags.includes('not_found') || failure.tags.includes('closed')) return;
    const correct = correctOffset(failure);
    if (correct === undefined) throw failureError(failure, call);
    offset = correct;
  }
}

function append(
  context: DropboxContext,
  call: CallContext,
  sessionId: string,
  offset: number,
  contents: Uint8Array,
  close: boolean,
): Promise<Attempt<void>> {
  return context.client.attempt(call, (dbx) =>
    dbx.filesUploadSessionAppendV2({ cursor: { session_id: sessionId, offset }, close, contents }),
  );
}

function isUpdate(commit: { readonly [key: string]: JsonValue }): boolean {
  const mode = commit.mode;
  return (
    typeof mode === 'object' && mode !== null && !Array.isArray(mode) && mode['.tag'] === 'update'
  );
}
