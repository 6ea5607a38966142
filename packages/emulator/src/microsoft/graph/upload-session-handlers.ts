import { isoSeconds } from '../../server/clock.js';
import { BodyReceiver } from '../../server/content.js';
import { randomToken } from '../../server/random.js';
import type { EmulatorRequest } from '../../server/request.js';
import type { EmulatorResponse } from '../../server/response.js';
import { UPLOAD_HOST } from '../hosts.js';
import type { MicrosoftState, UploadSession } from '../state.js';
import type { ItemAddress } from './address.js';
import { contentHasher, finishContent } from './content.js';
import type { GraphContext, RenderContext } from './context.js';
import type { Item } from './drive.js';
import { GraphError, invalidRequest, itemNotFound, nameAlreadyExists } from './errors.js';
import { renderItem } from './render.js';
import {
  assertNewName,
  checkIfMatch,
  chooseName,
  parseConflictBehavior,
  resolveWriteTarget,
} from './resolve.js';
import { graphEmpty, graphJson, parseFileSystemInfo, readJsonObject } from './respond.js';
import { assertQuota } from './transfer-handlers.js';

const UPLOAD_PATH = /^\/rup\/([A-Za-z0-9_-]+)$/;

/** `POST .../createUploadSession` (wire reference A.6 step 1). */
export async function createUploadSession(
  context: GraphContext,
  address: ItemAddress,
): Promise<EmulatorResponse> {
  const { state, request, drive } = context;
  const body = await readJsonObject(request);
  const item = (body.item ?? {}) as Record<string, unknown>;
  if (typeof item !== 'object' || item === null) throw invalidRequest('item must be an object.');
  const conflict = parseConflictBehavior(
    item['@microsoft.graph.conflictBehavior'] ??
      request.query.get('@microsoft.graph.conflictBehavior') ??
      undefined,
    state.options.uploadSessionConflictBehavior,
  );
  const fileSize = item.fileSize;
  if (fileSize !== undefined && !(Number.isInteger(fileSize) && (fileSize as number) >= 0)) {
    throw invalidRequest('item.fileSize must be a non-negative integer.');
  }
  const times = parseFileSystemInfo(item.fileSystemInfo);
  const target = resolveWriteTarget(context, address);
  let sessionTarget: UploadSession['target'];
  if (target.kind === 'existing') {
    if (target.item.kind !== 'file')
      throw invalidRequest(`'${target.item.name}' is a folder, not a file.`);
    checkIfMatch(request, target.item);
    sessionTarget = { kind: 'existing', itemId: target.item.id };
    if (fileSize !== undefined) assertQuota(drive, fileSize as number, target.item);
  } else {
    assertNewName(drive, target.parent, target.name, 'file');
    const existing = drive.child(target.parent, target.name);
    checkIfMatch(request, existing);
    if (existing && conflict === 'fail') throw nameAlreadyExists(target.name);
    sessionTarget = { kind: 'new', parentId: target.parent.id, name: target.name, conflict };
    if (fileSize !== undefined)
      assertQuota(drive, fileSize as number, conflict === 'replace' ? existing : undefined);
  }
  sweepExpired(state);
  const session: UploadSession = {
    id: randomToken(24),
    accountId: context.account.id,
    driveId: context.drive.id,
    target: sessionTarget,
    total: fileSize as number | undefined,
    content: contentHasher(context.account.hashes),
    receiving: false,
    expiresAt: state.now() + state.options.uploadSessionLifetimeSeconds * 1000,
    times,
    deferCommit: body.deferCommit === true,
    complete: false,
  };
  state.sessions.set(session.id, session);
  return graphJson(request, 200, {
    uploadUrl: state.links.to(UPLOAD_HOST, `/rup/${session.id}`),
    expirationDateTime: isoSeconds(session.expiresAt),
    nextExpectedRanges: ['0-'],
  });
}

/**
 * The upload URL (`https://api.onedrive.com/rup/{id}`): PUT a fragment, GET the status, DELETE to
 * cancel, POST to commit (deferred commit, or a retry after a conflict). No auth needed.
 */
export async function handleUploadUrl(
  state: MicrosoftState,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  const match = UPLOAD_PATH.exec(request.path);
  const session = match ? liveSession(state, match[1] as string) : undefined;
  if (!session) throw sessionNotFound();
  if (
    state.options.rejectAuthorizationOnUploadUrl &&
    request.header('authorization') !== undefined
  ) {
    throw new GraphError(
      401,
      'unauthenticated',
      'Upload URLs are pre-authenticated; do not send Authorization.',
    );
  }
  switch (request.method) {
    case 'GET':
      return graphJson(request, 200, status(session));
    case 'DELETE':
      state.sessions.delete(session.id);
      return graphEmpty(request, 204);
    case 'PUT':
      return putFragment(state, request, session);
    case 'POST':
      if (!session.complete) {
        throw invalidRequest('Not all bytes have been uploaded yet.', 'uploadSessionIncomplete');
      }
      return commit(state, request, session, undefined);
    default:
      throw new GraphError(405, 'notAllowed', `Upload URLs do not answer ${request.method}.`);
  }
}

/**
 * `PUT {item path}` with `@microsoft.graph.sourceUrl`: commits a complete session under the
 * addressed name (what a client does after a conflict at commit).
 */
export async function commitFromSourceUrl(
  context: GraphContext,
  address: ItemAddress,
): Promise<EmulatorResponse> {
  const { state, request } = context;
  const body = await readJsonObject(request);
  const sourceUrl = body['@microsoft.graph.sourceUrl'];
  if (typeof sourceUrl !== 'string') {
    throw invalidRequest(
      'PUT on an item needs @microsoft.graph.sourceUrl naming a completed upload session.',
    );
  }
  const id = /\/rup\/([A-Za-z0-9_-]+)(?:$|\?)/.exec(sourceUrl)?.[1];
  const session = id ? liveSession(state, id) : undefined;
  if (!session) throw sessionNotFound();
  if (!session.complete)
    throw invalidRequest('Not all bytes have been uploaded yet.', 'uploadSessionIncomplete');
  const target = resolveWriteTarget(context, address);
  if (target.kind === 'existing') {
    return commit(state, request, session, { kind: 'existing', itemId: target.item.id });
  }
  const name = typeof body.name === 'string' ? body.name : target.name;
  const conflict = parseConflictBehavior(body['@microsoft.graph.conflictBehavior'], 'fail');
  return commit(state, request, session, {
    kind: 'new',
    parentId: target.parent.id,
    name,
    conflict,
  });
}

/** Removes a session by its upload URL path (for the sessionExpired fault); true when one went. */
export function expireSessionAt(state: MicrosoftState, path: string): boolean {
  const id = UPLOAD_PATH.exec(path)?.[1];
  return id !== undefined && state.sessions.delete(id);
}

async function putFragment(
  state: MicrosoftState,
  request: EmulatorRequest,
  session: UploadSession,
): Promise<EmulatorResponse> {
  const { options } = state;
  const range = parseContentRange(request.header('content-range'));
  const length = range.end - range.start + 1;
  if (session.total !== undefined && range.total !== session.total) {
    throw invalidRequest(
      `The total size ${range.total} differs from the session's ${session.total}.`,
      'fragmentLengthMismatch',
    );
  }
  if (range.end >= range.total) throw invalidRequest('The Content-Range ends past the total size.');
  if (length > options.maxUploadChunkBytes) {
    throw new GraphError(
      options.oversizeChunkStatus,
      'invalidRequest',
      `A fragment may hold at most ${options.maxUploadChunkBytes} bytes.`,
      'maxFragmentLengthExceeded',
    );
  }
  const declared = request.header('content-length');
  if (declared !== undefined && Number(declared) !== length) {
    throw invalidRequest(
      `Content-Length ${declared} does not match the Content-Range (${length} bytes).`,
    );
  }
  assertPosition(session, range.start);
  const final = range.end + 1 === range.total;
  const multiple = options.uploadChunkMultiple;
  if (!final && multiple > 0 && length % multiple !== 0) {
    throw invalidRequest(
      `Every fragment but the last must be a multiple of ${multiple} bytes; this one has ${length}.`,
    );
  }
  await receiveFragment(state, request, session, length);
  session.total = range.total;
  session.expiresAt = state.now() + options.uploadSessionLifetimeSeconds * 1000;
  if (!final) return graphJson(request, 202, status(session));
  session.complete = true;
  if (session.deferCommit) return graphJson(request, 202, status(session));
  return commit(state, request, session, undefined);
}

/** Creates or replaces the file from a complete session; on a conflict the session is kept. */
function commit(
  state: MicrosoftState,
  request: EmulatorRequest,
  session: UploadSession,
  override: UploadSession['target'] | undefined,
): EmulatorResponse {
  const account = state.accounts.find(session.accountId);
  const found = state.driveById(session.driveId);
  if (!account || !found) throw sessionNotFound();
  const { drive, site } = found;
  const context: RenderContext = {
    state,
    account,
    drive,
    site,
    referenceBase: site ? `/drives/${drive.id}` : '/drive',
  };
  const target = override ?? session.target;
  let existing: Item | undefined;
  let parent: Item | undefined;
  let name = '';
  if (target.kind === 'existing') {
    existing = drive.get(target.itemId);
    if (!existing) throw itemNotFound('The file being replaced no longer exists.');
  } else {
    parent = drive.get(target.parentId);
    if (!parent) throw itemNotFound('The destination folder no longer exists.');
    assertNewName(drive, parent, target.name, 'file');
    const choice = chooseName(drive, parent, target.name, 'file', target.conflict);
    if (choice.existing?.kind === 'folder') throw nameAlreadyExists(target.name);
    existing = choice.existing;
    name = choice.name;
  }
  assertQuota(drive, session.content.size, existing);
  const content = finishContent(session.content);
  state.sessions.delete(session.id);
  if (existing) {
    drive.replaceContent(existing, content, session.times);
    return graphJson(request, 200, renderItem(context, existing));
  }
  const file = drive.createFile(parent as Item, name, content, session.times);
  return graphJson(request, 201, renderItem(context, file));
}

/**
 * Keeps the fragment's body in the pieces it arrives in and hashes them meanwhile, so that no
 * byte is copied or hashed twice and the last fragment commits at once. The pieces go to a fork
 * of the session's content, adopted only when the whole body arrived while the session lived.
 * One fragment at a time: a second one arriving meanwhile overlaps bytes still being received
 * and gets 416 at once.
 */
async function receiveFragment(
  state: MicrosoftState,
  request: EmulatorRequest,
  session: UploadSession,
  length: number,
): Promise<void> {
  if (session.receiving) {
    throw new GraphError(
      416,
      'invalidRange',
      `Bytes from ${session.content.size} are still being received by another request; wait for its answer.`,
      'fragmentOverlap',
    );
  }
  const receiver = new BodyReceiver(session.content);
  session.receiving = true;
  try {
    const received = await request.stream((piece) => receiver.take(piece), length);
    if (received !== length) {
      throw invalidRequest(
        `The body has ${received} bytes but the Content-Range announces ${length}.`,
      );
    }
    if (state.sessions.get(session.id) !== session) throw sessionNotFound();
    session.content = receiver.onto(session.content);
  } finally {
    session.receiving = false;
  }
}

function assertPosition(session: UploadSession, start: number): void {
  if (start < session.content.size || session.complete) {
    throw new GraphError(
      416,
      'invalidRange',
      `The fragment starts at ${start} but bytes up to ${session.content.size} were already received.`,
      'fragmentOverlap',
    );
  }
  if (start > session.content.size) {
    throw new GraphError(
      416,
      'invalidRange',
      `The fragment starts at ${start} but the next expected byte is ${session.content.size}.`,
      'fragmentOutOfOrder',
    );
  }
}

function parseContentRange(header: string | undefined): {
  start: number;
  end: number;
  total: number;
} {
  if (header === undefined) throw invalidRequest('A fragment needs a Content-Range header.');
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+)\s*$/i.exec(header);
  if (!match) throw invalidRequest(`The Content-Range '${header}' is not 'bytes start-end/total'.`);
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (end < start) throw invalidRequest(`The Content-Range '${header}' ends before it starts.`);
  return { start, end, total };
}

function status(session: UploadSession): Record<string, unknown> {
  return {
    expirationDateTime: isoSeconds(session.expiresAt),
    nextExpectedRanges: session.complete ? [] : [`${session.content.size}-`],
  };
}

function liveSession(state: MicrosoftState, id: string): UploadSession | undefined {
  const session = state.sessions.get(id);
  if (session && session.expiresAt <= state.now()) {
    state.sessions.delete(id);
    return undefined;
  }
  return session;
}

function sweepExpired(state: MicrosoftState): void {
  const now = state.now();
  for (const [id, session] of state.sessions)
    if (session.expiresAt <= now) state.sessions.delete(id);
}

function sessionNotFound(): GraphError {
  return itemNotFound(
    'The upload session was not found; it may have expired.',
    'uploadSessionNotFound',
  );
}
