import {
  type ChunkOptions,
  type ChunkResult,
  type CreateUploadOptions,
  type Destination,
  type FileEntry,
  joinPath,
  type OperationOptions,
  PolydriveError,
  type UploadState,
} from '@polydrive/core';
import type { DriveClient } from '../api/drive-client.js';
import { type DriveFileResource, FILE_FIELDS, toEntry } from '../api/file-resource.js';
import { errorFromResponse } from '../api/google-errors.js';
import { CHUNK_MAX_SIZE, CHUNK_MULTIPLE } from '../capabilities.js';
import { PROVIDER_NAME } from './context.js';
import { destinationTarget, type WriteTarget } from './write-target.js';

/** Session URIs answer 308 ("Resume Incomplete") while bytes are missing. */
const RESUME_INCOMPLETE = 308;

function invalid(message: string, operation: string, advice?: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message,
    ...(advice ? { advice } : {}),
    provider: PROVIDER_NAME,
    operation,
  });
}

/** Checks that a chunk size is one Drive accepts: a multiple of 256 KiB, at most 256 MiB. */
export function checkChunkSize(chunkSize: number, operation: string): void {
  if (
    !Number.isInteger(chunkSize) ||
    chunkSize <= 0 ||
    chunkSize % CHUNK_MULTIPLE !== 0 ||
    chunkSize > CHUNK_MAX_SIZE
  ) {
    throw invalid(
      `A Google Drive chunk size must be a multiple of 256 KiB (262144 bytes) up to ${CHUNK_MAX_SIZE} bytes; got ${chunkSize}.`,
      operation,
      'Use a multiple of 262144, such as 8388608 (8 MiB, the default).',
    );
  }
}

function targetOf(state: UploadState): string {
  return state.path ?? destinationTarget(state.destination);
}

function sessionUriOf(state: UploadState, operation: string): string {
  const uri = state.session.uri;
  if (state.provider !== PROVIDER_NAME || typeof uri !== 'string') {
    throw invalid(
      'This upload state was not made by the Google Drive provider.',
      operation,
      'Resume an upload with the drive that started it.',
    );
  }
  return uri;
}

function sessionGone(response: Response, operation: string, target: string): PolydriveError {
  return new PolydriveError('NotFound', {
    message: 'The Google Drive upload session has expired or was cancelled.',
    advice: 'Start the upload again from the first byte; the session keeps nothing.',
    provider: PROVIDER_NAME,
    operation,
    target,
    httpStatus: response.status,
  });
}

/** The bytes a session has persisted, from the `Range: bytes=0-N` of a 308 (none when absent). */
function persistedOf(response: Response): number {
  const match = /bytes=0-(\d+)/.exec(response.headers.get('range') ?? '');
  return match ? Number(match[1]) + 1 : 0;
}

/**
 * Opens a resumable session (wire reference B.5): a new file under its parent, or new content
 * for the file being replaced. The session URI is the credential for the chunks that follow.
 */
export async function createSession(
  client: DriveClient,
  dest: Destination,
  target: WriteTarget,
  options: CreateUploadOptions,
): Promise<UploadState> {
  const operation = 'createUploadSession';
  checkChunkSize(options.chunkSize, operation);
  const path = dest.parent.path !== undefined ? joinPath(dest.parent.path, dest.name) : undefined;
  const display = path ?? destinationTarget(dest);
  const metadata: Record<string, unknown> = {
    ...(target.kind === 'new' ? { name: target.name, parents: [target.parentId] } : {}),
    ...(options.mimeType !== undefined ? { mimeType: options.mimeType } : {}),
    ...(options.modifiedAt ? { modifiedTime: options.modifiedAt.toISOString() } : {}),
  };
  const query = new URLSearchParams({
    uploadType: 'resumable',
    supportsAllDrives: 'true',
    fields: FILE_FIELDS,
  });
  const file = target.kind === 'existing' ? `/${encodeURIComponent(target.file.id ?? '')}` : '';
  const response = await client.send({
    method: target.kind === 'existing' ? 'PATCH' : 'POST',
    url: `${client.apiBaseUrl}/upload/drive/v3/files${file}?${query}`,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-upload-content-type': options.mimeType ?? 'application/octet-stream',
      ...(options.size !== undefined ? { 'x-upload-content-length': String(options.size) } : {}),
    },
    body: JSON.stringify(metadata),
    signal: options.signal,
    operation,
    target: display,
  });
  const location = response.headers.get('location');
  if (!response.ok || !location) {
    if (!response.ok) throw await errorFromResponse(response, { operation, target: display });
    await response.body?.cancel();
    throw new PolydriveError('Internal', {
      message: 'Google Drive opened an upload session but sent no session URI.',
      provider: PROVIDER_NAME,
      operation,
      target: display,
    });
  }
  await response.body?.cancel();
  const name = target.kind === 'new' ? target.name : (target.file.name ?? dest.name);
  return {
    version: 1,
    provider: PROVIDER_NAME,
    destination: { parent: dest.parent, name },
    ...(path !== undefined ? { path: joinPath(dest.parent.path as string, name) } : {}),
    size: options.size ?? null,
    chunkSize: options.chunkSize,
    offset: 0,
    conflict: options.conflict,
    ...(options.mimeType !== undefined ? { mimeType: options.mimeType } : {}),
    createdAt: new Date().toISOString(),
    session: { uri: new URL(location, client.apiBaseUrl).toString() },
  };
}

/**
 * Sends one chunk to the session URI, without the bearer token. When Drive persists only part of
 * it (a 308 whose Range ends early), the rest goes at once in a further request: continuing the
 * protocol, not retrying. A chunk that persists nothing is a Transient error, so that core asks
 * uploadStatus and resends.
 */
export async function uploadChunk(
  client: DriveClient,
  state: UploadState,
  chunk: Uint8Array,
  options: ChunkOptions,
): Promise<ChunkResult> {
  const operation = 'uploadChunk';
  const uri = sessionUriOf(state, operation);
  const target = targetOf(state);
  const end = state.offset + chunk.byteLength;
  if (state.size !== null && (end > state.size || (options.final && end !== state.size))) {
    throw invalid(
      `The chunk would end at byte ${end} of a ${state.size}-byte upload${options.final ? ' but is marked final' : ''}.`,
      operation,
      'Send exactly the bytes of the size given to createUploadSession.',
    );
  }
  if (!options.final && (chunk.byteLength === 0 || end % CHUNK_MULTIPLE !== 0)) {
    throw invalid(
      `Every chunk but the last must end on a multiple of 256 KiB; this one ends at byte ${end}.`,
      operation,
      'Send chunks whose size is a multiple of 262144 bytes.',
    );
  }
  const total = options.final ? String(end) : state.size === null ? '*' : String(state.size);
  let offset = state.offset;
  for (;;) {
    const rest = chunk.subarray(offset - state.offset);
    const range =
      rest.byteLength === 0 ? `bytes */${total}` : `bytes ${offset}-${end - 1}/${total}`;
    const response = await client.send({
      method: 'PUT',
      url: uri,
      auth: false,
      redirect: 'manual',
      headers: { 'content-range': range },
      ...(rest.byteLength > 0 ? { bytes: [rest] } : {}),
      signal: options.signal,
      operation,
      target,
    });
    if (response.status === 200 || response.status === 201) {
      return {
        state: { ...state, offset: end },
        entry: await fileEntryOf(response, state, operation),
      };
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      throw sessionGone(response, operation, target);
    }
    if (response.status !== RESUME_INCOMPLETE)
      throw await errorFromResponse(response, { operation, target });
    await response.body?.cancel();
    const persisted = persistedOf(response);
    if (persisted < state.offset) {
      throw new PolydriveError('Conflict', {
        message: `Google Drive reports ${persisted} bytes persisted, fewer than the ${state.offset} it confirmed before.`,
        advice: 'Start the upload again.',
        provider: PROVIDER_NAME,
        operation,
        target,
      });
    }
    if (persisted >= end && !options.final) return { state: { ...state, offset: persisted } };
    if (persisted <= offset) {
      throw new PolydriveError('Transient', {
        message: `Google Drive persisted none of bytes ${offset}-${end - 1}.`,
        provider: PROVIDER_NAME,
        operation,
        target,
        httpStatus: RESUME_INCOMPLETE,
      });
    }
    offset = persisted;
  }
}

/** Asks the session how many bytes it has (`Content-Range: bytes *\/total`). */
export async function uploadStatus(
  client: DriveClient,
  state: UploadState,
  options?: OperationOptions,
): Promise<UploadState> {
  const operation = 'uploadStatus';
  const target = targetOf(state);
  const response = await client.send({
    method: 'PUT',
    url: sessionUriOf(state, operation),
    auth: false,
    redirect: 'manual',
    headers: { 'content-range': `bytes */${state.size ?? '*'}` },
    signal: options?.signal,
    operation,
    target,
  });
  if (response.status === 200 || response.status === 201) {
    const entry = await fileEntryOf(response, state, operation);
    return { ...state, offset: entry.size };
  }
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    throw sessionGone(response, operation, target);
  }
  if (response.status !== RESUME_INCOMPLETE)
    throw await errorFromResponse(response, { operation, target });
  await response.body?.cancel();
  return { ...state, offset: persistedOf(response) };
}

/** Cancels the session (Drive answers 499); a session already gone counts as cancelled. */
export async function abortUpload(
  client: DriveClient,
  state: UploadState,
  options?: OperationOptions,
): Promise<void> {
  const operation = 'abortUpload';
  const target = targetOf(state);
  const response = await client.send({
    method: 'DELETE',
    url: sessionUriOf(state, operation),
    auth: false,
    signal: options?.signal,
    operation,
    target,
  });
  if (
    response.ok ||
    response.status === 499 ||
    response.status === 404 ||
    response.status === 410
  ) {
    await response.body?.cancel();
    return;
  }
  throw await errorFromResponse(response, { operation, target });
}

async function fileEntryOf(
  response: Response,
  state: UploadState,
  operation: string,
): Promise<FileEntry> {
  let file: DriveFileResource;
  try {
    file = (await response.json()) as DriveFileResource;
  } catch (err) {
    throw new PolydriveError('Transient', {
      message: 'Google Drive finished the upload but its answer could not be read.',
      advice: 'Ask uploadStatus: a finished session answers with the file.',
      provider: PROVIDER_NAME,
      operation,
      target: targetOf(state),
      cause: err,
    });
  }
  return toEntry(file) as FileEntry;
}
