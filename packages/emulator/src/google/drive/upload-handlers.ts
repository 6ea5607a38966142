import { BodyReceiver, type BodyWindow } from '../../server/content.js';
import { randomToken } from '../../server/random.js';
import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, emptyResponse } from '../../server/response.js';
import { blobHasher, type DriveFile, finishBlob } from '../files/file.js';
import { GOOGLE_API_HOST } from '../hosts.js';
import type { GoogleState, ResumableSession } from '../state.js';
import type { DriveContext } from './context.js';
import { badRequest, DriveError } from './errors.js';
import { createFile, type NewContent, updateFile } from './file-writes.js';
import { requireFile, requireParent } from './lookup.js';
import { type FileMetadata, parseMetadata } from './metadata.js';
import { parseMultipart } from './multipart.js';
import { assertQuota } from './quota.js';
import { fileResponse, readJsonObject } from './respond.js';

/**
 * `POST /upload/drive/v3/files` (new file) and `PATCH /upload/drive/v3/files/{id}` (new
 * content) with `uploadType=media`, `multipart` or `resumable` (wire reference B.5).
 */
export async function startUpload(
  context: DriveContext,
  fileId: string | undefined,
): Promise<EmulatorResponse> {
  const { request, state } = context;
  const uploadType = context.query.get('uploadType');
  const limit = state.options.maxFileBytes;
  switch (uploadType) {
    case 'media': {
      const received = blobHasher();
      await request.stream((piece) => received.append(piece), limit);
      const content = {
        blob: finishBlob(received),
        contentType: mediaType(request.header('content-type')),
      };
      return fileResponse(context, write(context, fileId, {}, content));
    }
    case 'multipart': {
      const parts = parseMultipart(request.header('content-type'), await request.body(limit));
      const [metadataPart, mediaPart] = parts;
      if (parts.length !== 2 || !metadataPart || !mediaPart) {
        throw badRequest('A multipart upload has exactly two parts: metadata, then media.');
      }
      const text = metadataPart.body.toString('utf8').trim();
      const body = text === '' ? {} : (JSON.parse(text) as unknown);
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw badRequest('The metadata part must be a JSON object.');
      }
      const meta = parseMetadata(body as Record<string, unknown>, fileId === undefined);
      const content = {
        bytes: mediaPart.body,
        contentType: mediaType(mediaPart.headers['content-type']),
      };
      return fileResponse(context, write(context, fileId, meta, content));
    }
    case 'resumable':
      return openSession(context, fileId);
    default:
      throw new DriveError(
        400,
        'invalid',
        `Invalid value for uploadType: ${uploadType ?? '(none)'}`,
        {
          location: 'uploadType',
          locationType: 'parameter',
        },
      );
  }
}

/**
 * A request to a session URI (`...?uploadType=resumable&upload_id=...`): `PUT` a chunk with
 * `Content-Range: bytes a-b/total` (or `/*`), or ask for the status with `bytes *\/total`;
 * `DELETE` cancels. No Authorization is needed: the URI is the credential.
 */
export async function handleSession(
  state: GoogleState,
  request: EmulatorRequest,
  uploadId: string,
): Promise<EmulatorResponse> {
  const session = liveSession(state, uploadId);
  if (!session) throw sessionNotFound();
  const headers = { 'x-guploader-uploadid': session.id };
  if (request.method === 'DELETE') {
    state.sessions.delete(session.id);
    return emptyResponse(state.options.uploadCancelStatus, headers);
  }
  if (request.method !== 'PUT' && request.method !== 'POST') {
    throw new DriveError(405, 'methodNotAllowed', `Session URIs do not answer ${request.method}.`);
  }
  const account = state.accounts.find(session.accountId);
  if (!account) throw sessionNotFound();
  const context: DriveContext = { state, request, account, query: session.metadata.query };
  if (session.resultFileId !== undefined) {
    await request.drain();
    const file = state.files.get(session.resultFileId);
    if (!file) throw sessionNotFound();
    return fileResponse(context, file, headers);
  }
  const range = parseContentRange(
    request.header('content-range'),
    request.header('content-length'),
  );
  if (range.total !== undefined) {
    if (session.total !== undefined && session.total !== range.total) {
      throw badRequest(
        `Invalid request. The total size ${range.total} differs from ${session.total} given before.`,
      );
    }
    session.total = range.total;
  }
  if (range.kind === 'status') {
    await request.drain();
    if (session.total !== undefined && session.content.size === session.total)
      return complete(context, session, headers);
    return incomplete(session, headers);
  }
  const length = range.end - range.start + 1;
  const final = session.total !== undefined && range.end + 1 === session.total;
  if (session.total !== undefined && range.end + 1 > session.total) {
    throw badRequest(
      `Invalid request. The Content-Range ends past the total size ${session.total}.`,
    );
  }
  if (range.start > session.content.size) {
    throw badRequest(
      `Invalid request. According to the Content-Range header, the upload offset is ${range.start} byte(s), which exceeds already uploaded size of ${session.content.size} byte(s).`,
    );
  }
  const multiple = state.options.uploadChunkMultiple;
  if (!final && multiple > 0 && length < multiple) {
    throw badRequest(
      `Invalid request. The number of bytes uploaded is required to be equal or greater than ${multiple}, except for the final request (it's recommended to be the exact multiple of ${multiple}). The received request contained ${length} bytes, which does not meet this requirement.`,
    );
  }
  // The bytes to keep are persisted and hashed as they arrive.
  const receiver = new BodyReceiver(session.content, (persisted) =>
    persistWindow(state, persisted, range, final),
  );
  const received = await request.stream((piece) => receiver.take(piece), length);
  if (received !== length) {
    throw badRequest(`The body has ${received} bytes but the Content-Range announces ${length}.`);
  }
  // Another request may have advanced or ended the session while this body was arriving.
  if (state.sessions.get(session.id) !== session || session.resultFileId !== undefined) {
    throw sessionNotFound();
  }
  session.content = receiver.onto(session.content);
  if (final && session.content.size === session.total) return complete(context, session, headers);
  return incomplete(session, headers);
}

/**
 * Which bytes of a chunk to persist, as offsets into its body: those past the bytes already
 * persisted; of a non-final chunk whole multiples only, and no more than maxPersistPerRequest
 * when that is set.
 */
function persistWindow(
  state: GoogleState,
  persisted: number,
  range: { start: number; end: number },
  final: boolean,
): BodyWindow {
  const multiple = state.options.uploadChunkMultiple;
  const cap = state.options.maxPersistPerRequest;
  const capped = cap > 0 && range.end + 1 - persisted > cap;
  const sentEnd = capped ? persisted + cap : range.end + 1;
  const persistedEnd =
    (final && !capped) || multiple === 0 ? sentEnd : Math.floor(sentEnd / multiple) * multiple;
  return { from: persisted - range.start, to: Math.max(persisted, persistedEnd) - range.start };
}

/** Removes a session by its URI (for the sessionExpired fault); true when one went. */
export function expireSessionAt(state: GoogleState, search: string): boolean {
  const id = new URLSearchParams(search).get('upload_id');
  return id !== null && state.sessions.delete(id);
}

/** How many sessions are open (not finished, cancelled or expired). */
export function openSessions(state: GoogleState): number {
  const now = state.now();
  return [...state.sessions.values()].filter(
    (session) => session.expiresAt > now && session.resultFileId === undefined,
  ).length;
}

async function openSession(
  context: DriveContext,
  fileId: string | undefined,
): Promise<EmulatorResponse> {
  const { state, request, account } = context;
  const body = await readJsonObject(request);
  const meta = parseMetadata(body, fileId === undefined);
  const declared = request.header('x-upload-content-length');
  const total = declared === undefined ? undefined : Number(declared);
  if (total !== undefined && !(Number.isInteger(total) && total >= 0)) {
    throw badRequest('X-Upload-Content-Length must be a whole number of bytes.');
  }
  if (total !== undefined && total > state.options.maxFileBytes) {
    throw new DriveError(403, 'maxFileSizeExceeded', 'The file is larger than Drive allows.');
  }
  // What can be checked up front is checked now, as Drive does, so a client fails before sending bytes.
  if (fileId === undefined) {
    const parent = requireParent(context, meta.parents?.[0] ?? 'root');
    if (total !== undefined) assertQuota(state, account.id, parent.driveId, total);
  } else {
    const { file } = requireFile(context, fileId, 'write');
    if (total !== undefined) assertQuota(state, file.ownerId, file.driveId, total, file);
  }
  sweep(state);
  const session: ResumableSession = {
    id: `ADPycd${randomToken(40)}`,
    accountId: account.id,
    fileId,
    metadata: { body, query: new URLSearchParams(context.query) },
    contentType: request.header('x-upload-content-type') ?? meta.mimeType,
    total,
    content: blobHasher(),
    expiresAt: state.now() + state.options.uploadSessionLifetimeSeconds * 1000,
    resultFileId: undefined,
  };
  state.sessions.set(session.id, session);
  const path =
    fileId === undefined
      ? '/upload/drive/v3/files'
      : `/upload/drive/v3/files/${encodeURIComponent(fileId)}`;
  return emptyResponse(200, {
    location: state.links.to(
      GOOGLE_API_HOST,
      `${path}?uploadType=resumable&upload_id=${session.id}`,
    ),
    'x-guploader-uploadid': session.id,
    'content-length': '0',
  });
}

function complete(
  context: DriveContext,
  session: ResumableSession,
  headers: Record<string, string>,
): EmulatorResponse {
  const meta = parseMetadata(session.metadata.body, session.fileId === undefined);
  // A fork, so that the session can complete again when writing fails (e.g. over quota).
  const file = write(context, session.fileId, meta, {
    blob: finishBlob(session.content.fork()),
    ...(session.contentType !== undefined ? { contentType: session.contentType } : {}),
  });
  session.resultFileId = file.id;
  session.content = blobHasher();
  return fileResponse(context, file, headers);
}

/** Creates the file, or gives the existing one its new content and metadata. */
function write(
  context: DriveContext,
  fileId: string | undefined,
  meta: FileMetadata,
  content: NewContent,
): DriveFile {
  if (fileId === undefined) return createFile(context, meta, content);
  const { file } = requireFile(context, fileId, 'write');
  updateFile(context, file, meta, content);
  return file;
}

function incomplete(session: ResumableSession, headers: Record<string, string>): EmulatorResponse {
  return emptyResponse(308, {
    ...headers,
    ...(session.content.size > 0 ? { range: `bytes=0-${session.content.size - 1}` } : {}),
    'content-length': '0',
  });
}

type ContentRange =
  | { kind: 'status'; total: number | undefined }
  | { kind: 'chunk'; start: number; end: number; total: number | undefined };

/**
 * `bytes a-b/total`, `bytes a-b/*`, `bytes *\/total` or `bytes *\/*`; no header with a body means
 * the whole file in one request.
 */
function parseContentRange(
  header: string | undefined,
  contentLength: string | undefined,
): ContentRange & { start: number; end: number } {
  if (header === undefined) {
    const length = Number(contentLength ?? '0');
    if (length === 0) return { kind: 'status', total: undefined, start: 0, end: -1 };
    return { kind: 'chunk', start: 0, end: length - 1, total: length };
  }
  const match = /^\s*bytes\s+(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/i.exec(header);
  if (!match) throw badRequest(`Invalid Content-Range header '${header}'.`);
  const total = match[3] === '*' ? undefined : Number(match[3]);
  if (match[1] === undefined) return { kind: 'status', total, start: 0, end: -1 };
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start) throw badRequest(`Invalid Content-Range header '${header}'.`);
  return { kind: 'chunk', start, end, total };
}

function mediaType(header: string | undefined): string | undefined {
  const value = header?.split(';')[0]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function liveSession(state: GoogleState, id: string): ResumableSession | undefined {
  const session = state.sessions.get(id);
  if (session && session.expiresAt <= state.now()) {
    state.sessions.delete(id);
    return undefined;
  }
  return session;
}

function sweep(state: GoogleState): void {
  const now = state.now();
  for (const [id, session] of state.sessions)
    if (session.expiresAt <= now) state.sessions.delete(id);
}

function sessionNotFound(): DriveError {
  return new DriveError(
    404,
    'notFound',
    'The upload session was not found; it may have expired. Start a new upload.',
  );
}
