import {
  type ChunkOptions,
  type ChunkResult,
  type CreateUploadOptions,
  type Destination,
  describeRef,
  type FileEntry,
  type ItemRef,
  joinPath,
  type OperationOptions,
  PolydriveError,
  type UploadState,
} from '@polydrive/core';
import { CHUNK_MAX_SIZE, CHUNK_MULTIPLE } from '../capabilities.js';
import { type DriveItem, toEntry } from '../graph/drive-item.js';
import { errorFromResponse, readGraphFailure } from '../graph/graph-errors.js';
import { childPath } from '../graph/item-urls.js';
import { type OneDriveContext, PROVIDER_NAME } from './context.js';

interface SessionAnswer {
  readonly uploadUrl?: string;
  readonly expirationDateTime?: string;
  readonly nextExpectedRanges?: readonly string[];
}

function invalid(message: string, operation: string, advice?: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message,
    ...(advice ? { advice } : {}),
    provider: PROVIDER_NAME,
    operation,
  });
}

/** Checks that a chunk size is one Graph accepts: a multiple of 320 KiB below 60 MiB. */
export function checkChunkSize(chunkSize: number, operation: string): void {
  if (
    !Number.isInteger(chunkSize) ||
    chunkSize <= 0 ||
    chunkSize % CHUNK_MULTIPLE !== 0 ||
    chunkSize > CHUNK_MAX_SIZE
  ) {
    throw invalid(
      `A OneDrive chunk size must be a multiple of 320 KiB (327680 bytes) up to ${CHUNK_MAX_SIZE} bytes; got ${chunkSize}.`,
      operation,
      'Use a multiple of 327680, such as 10485760 (10 MiB, the default).',
    );
  }
}

/** The first byte Graph still wants, from `nextExpectedRanges` like `["26-"]` or `["0-9", "20-"]`. */
function offsetFromRanges(ranges: readonly string[] | undefined): number | undefined {
  if (!ranges || ranges.length === 0) return undefined;
  let lowest: number | undefined;
  for (const range of ranges) {
    const start = Number.parseInt(range.split('-')[0] ?? '', 10);
    if (Number.isFinite(start) && (lowest === undefined || start < lowest)) lowest = start;
  }
  return lowest;
}

function uploadUrlOf(state: UploadState, operation: string): string {
  const url = state.session.uploadUrl;
  if (state.provider !== PROVIDER_NAME || typeof url !== 'string') {
    throw invalid(
      'This upload state was not made by the OneDrive provider.',
      operation,
      'Resume an upload with the drive that started it.',
    );
  }
  return url;
}

async function sessionGone(
  response: Response,
  operation: string,
  target: string,
): Promise<PolydriveError> {
  const failure = await readGraphFailure(response);
  return new PolydriveError('NotFound', {
    message: 'The OneDrive upload session has expired or was cancelled.',
    advice: 'Start the upload again from the first byte; OneDrive keeps no partial upload.',
    provider: PROVIDER_NAME,
    operation,
    target,
    httpStatus: 404,
    ...(failure.codes[0] !== undefined ? { providerCode: failure.codes[0] } : {}),
    ...(failure.requestId !== undefined ? { requestId: failure.requestId } : {}),
  });
}

function targetOf(state: UploadState): string {
  return state.path ?? `${describeRef(state.destination.parent)}/${state.destination.name}`;
}

/**
 * Starts a Graph upload session for a file of known size. `parent` addresses the destination
 * folder in the request (by id once resolved); `dest` is what the state records.
 */
export async function createUploadSession(
  ctx: OneDriveContext,
  dest: Destination,
  parent: ItemRef,
  options: CreateUploadOptions,
): Promise<UploadState> {
  const operation = 'createUploadSession';
  if (options.size === undefined) {
    throw new PolydriveError('Unsupported', {
      message: 'OneDrive needs the total size before an upload session can start.',
      advice: 'Pass the size of the source; streams of unknown length must be buffered first.',
      provider: PROVIDER_NAME,
      operation,
    });
  }
  checkChunkSize(options.chunkSize, operation);
  const path = dest.parent.path !== undefined ? joinPath(dest.parent.path, dest.name) : undefined;
  const target = path ?? `${describeRef(dest.parent)}/${dest.name}`;
  const answer = await ctx.graph.json<SessionAnswer>({
    method: 'POST',
    url: childPath(ctx.drive, parent, dest.name, 'createUploadSession'),
    json: {
      item: {
        '@microsoft.graph.conflictBehavior': options.conflict,
        name: dest.name,
        fileSize: options.size,
        ...(options.modifiedAt
          ? { fileSystemInfo: { lastModifiedDateTime: options.modifiedAt.toISOString() } }
          : {}),
      },
    },
    ...(options.ifMatch !== undefined ? { headers: { 'if-match': options.ifMatch } } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    operation,
    target,
  });
  if (typeof answer?.uploadUrl !== 'string') {
    throw new PolydriveError('Internal', {
      message: 'OneDrive created an upload session but sent no uploadUrl.',
      provider: PROVIDER_NAME,
      operation,
      target,
    });
  }
  return {
    version: 1,
    provider: PROVIDER_NAME,
    destination: dest,
    ...(path !== undefined ? { path } : {}),
    size: options.size,
    chunkSize: options.chunkSize,
    offset: offsetFromRanges(answer.nextExpectedRanges) ?? 0,
    conflict: options.conflict,
    ...(options.mimeType !== undefined ? { mimeType: options.mimeType } : {}),
    createdAt: new Date().toISOString(),
    ...(answer.expirationDateTime ? { expiresAt: answer.expirationDateTime } : {}),
    session: { uploadUrl: answer.uploadUrl },
  };
}

function advance(state: UploadState, answer: SessionAnswer, fallbackOffset: number): UploadState {
  return {
    ...state,
    offset: offsetFromRanges(answer.nextExpectedRanges) ?? fallbackOffset,
    ...(answer.expirationDateTime ? { expiresAt: answer.expirationDateTime } : {}),
  };
}

function parentPathOf(state: UploadState): string | undefined {
  return state.destination.parent.path;
}

/** Sends one chunk to the session's upload URL (no bearer token: the URL is pre-authenticated). */
export async function uploadChunk(
  ctx: OneDriveContext,
  state: UploadState,
  chunk: Uint8Array,
  options: ChunkOptions,
): Promise<ChunkResult> {
  const operation = 'uploadChunk';
  const uploadUrl = uploadUrlOf(state, operation);
  const target = targetOf(state);
  const size = state.size;
  const end = state.offset + chunk.byteLength;
  if (size === null) throw invalid('The upload state has no total size.', operation);
  if (chunk.byteLength === 0) throw invalid('A chunk must hold at least one byte.', operation);
  if (end > size || (options.final && end !== size)) {
    throw invalid(
      `The chunk would end at byte ${end} of a ${size}-byte upload${options.final ? ' but is marked final' : ''}.`,
      operation,
      'Send exactly the bytes of the size given to createUploadSession.',
    );
  }
  // Checked on the end rather than the length, so the rest of a chunk the server took in part
  // can still be sent on its own.
  if (!options.final && end % CHUNK_MULTIPLE !== 0) {
    throw invalid(
      `Every chunk but the last must end on a multiple of 320 KiB; this one ends at byte ${end}.`,
      operation,
      'Send chunks whose size is a multiple of 327680 bytes.',
    );
  }
  const response = await ctx.graph.send({
    method: 'PUT',
    url: uploadUrl,
    auth: false,
    headers: { 'content-range': `bytes ${state.offset}-${end - 1}/${size}` },
    body: chunk,
    redirect: 'error',
    ...(options.signal ? { signal: options.signal } : {}),
    operation,
    target,
  });
  if (response.status === 200 || response.status === 201) {
    const item = await ctx.graph.readJson<DriveItem>(response, { operation, target });
    const parentPath = parentPathOf(state);
    const entry = toEntry(item, parentPath !== undefined ? { parentPath } : {}) as FileEntry;
    return { state: { ...state, offset: size }, entry };
  }
  if (response.status === 202) {
    const answer = await ctx.graph.readJson<SessionAnswer>(response, { operation, target });
    const next = advance(state, answer, end);
    if (options.final) {
      throw new PolydriveError('Conflict', {
        message: `OneDrive still expects bytes from ${next.offset} after the last chunk.`,
        advice: 'Ask uploadStatus for the offset and send the missing bytes.',
        provider: PROVIDER_NAME,
        operation,
        target,
      });
    }
    return { state: next };
  }
  if (response.status === 404) throw await sessionGone(response, operation, target);
  if (response.status === 416) {
    // The bytes were already taken, typically because the answer to an earlier attempt was lost
    // on the way back: if the session is past this chunk, the chunk is done.
    await response.body?.cancel();
    const now = await uploadStatus(ctx, state, options);
    if (now.offset >= end) return { state: now };
    throw new PolydriveError('Conflict', {
      message: `OneDrive refused bytes ${state.offset}-${end - 1}; it expects byte ${now.offset} next.`,
      advice: 'Continue from the offset uploadStatus reports.',
      provider: PROVIDER_NAME,
      operation,
      target,
      httpStatus: 416,
    });
  }
  throw await errorFromResponse(response, { operation, target });
}

/** Asks the upload URL which bytes it still expects. */
export async function uploadStatus(
  ctx: OneDriveContext,
  state: UploadState,
  options?: OperationOptions,
): Promise<UploadState> {
  const operation = 'uploadStatus';
  const target = targetOf(state);
  const response = await ctx.graph.send({
    method: 'GET',
    url: uploadUrlOf(state, operation),
    auth: false,
    ...(options?.signal ? { signal: options.signal } : {}),
    operation,
    target,
  });
  if (response.status === 404) throw await sessionGone(response, operation, target);
  const answer = await ctx.graph.readJson<SessionAnswer>(response, { operation, target });
  return advance(state, answer, state.offset);
}

/** Cancels the session; a session that is already gone counts as cancelled. */
export async function abortUpload(
  ctx: OneDriveContext,
  state: UploadState,
  options?: OperationOptions,
): Promise<void> {
  const operation = 'abortUpload';
  const target = targetOf(state);
  const response = await ctx.graph.send({
    method: 'DELETE',
    url: uploadUrlOf(state, operation),
    auth: false,
    ...(options?.signal ? { signal: options.signal } : {}),
    operation,
    target,
  });
  if (response.ok || response.status === 404) {
    await response.body?.cancel();
    return;
  }
  throw await errorFromResponse(response, { operation, target });
}
