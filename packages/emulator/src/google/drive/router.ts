import type { EmulatorRequest } from '../../server/request.js';
import type { EmulatorResponse } from '../../server/response.js';
import type { GoogleAccount } from '../accounts.js';
import type { GoogleState } from '../state.js';
import { createDrive, getAbout, getDrive, listDrives } from './about-handlers.js';
import { listChanges, startPageToken } from './changes-handlers.js';
import type { DriveContext } from './context.js';
import { DriveError, driveFailure } from './errors.js';
import {
  copyFile,
  createFromMetadata,
  deleteFile,
  emptyTrash,
  getFile,
  patchFile,
} from './file-handlers.js';
import { listFiles } from './list-handler.js';
import { exportFile } from './media-handlers.js';
import {
  createPermission,
  deletePermission,
  getPermission,
  listPermissions,
  updatePermission,
} from './permission-handlers.js';
import { handleSession, startUpload } from './upload-handlers.js';

/** The 401 Drive answers for a missing, unknown, revoked or expired bearer token. */
export function authError(missing = false): DriveError {
  return new DriveError(
    401,
    missing ? 'required' : 'authError',
    missing
      ? 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
      : 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    { location: 'Authorization', locationType: 'header' },
    { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
  );
}

/** Answers one request to `www.googleapis.com`: Drive v3 metadata and media uploads. */
export async function handleDrive(
  state: GoogleState,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  try {
    return await route(state, request);
  } catch (error) {
    return driveFailure(error);
  }
}

async function route(state: GoogleState, request: EmulatorRequest): Promise<EmulatorResponse> {
  const segments = request.path
    .split('/')
    .filter((part) => part !== '')
    .map(decodeSegment);
  if (segments[0] === 'upload') {
    const [, drive, version, collection, fileId, ...rest] = segments;
    if (drive !== 'drive' || version !== 'v3' || collection !== 'files' || rest.length > 0) {
      throw notFound(request);
    }
    const uploadId = request.query.get('upload_id');
    if (uploadId !== null) return handleSession(state, request, uploadId);
    const context = contextFor(state, request);
    if (
      (fileId === undefined && request.method === 'POST') ||
      (fileId !== undefined && request.method === 'PATCH')
    ) {
      return startUpload(context, fileId);
    }
    throw notAllowed(request);
  }
  const [api, version, resource, itemId, verb, subId, ...rest] = segments;
  if (api !== 'drive' || version !== 'v3' || resource === undefined || rest.length > 0)
    throw notFound(request);
  const context = contextFor(state, request);
  const method = request.method;
  switch (resource) {
    case 'about':
      if (itemId === undefined && method === 'GET') return getAbout(context);
      break;
    case 'changes':
      if (itemId === undefined && method === 'GET') return listChanges(context);
      if (itemId === 'startPageToken' && verb === undefined && method === 'GET')
        return startPageToken(context);
      break;
    case 'drives':
      if (itemId === undefined && method === 'GET') return listDrives(context);
      if (itemId === undefined && method === 'POST') return createDrive(context);
      if (itemId !== undefined && verb === undefined && method === 'GET')
        return getDrive(context, itemId);
      break;
    case 'files':
      return files(context, method, itemId, verb, subId);
  }
  throw notAllowed(request);
}

function files(
  context: DriveContext,
  method: string,
  fileId: string | undefined,
  verb: string | undefined,
  subId: string | undefined,
): EmulatorResponse | Promise<EmulatorResponse> {
  if (fileId === undefined) {
    if (method === 'GET') return listFiles(context);
    if (method === 'POST') return createFromMetadata(context);
    throw notAllowed(context.request);
  }
  if (verb === undefined) {
    if (fileId === 'trash' && method === 'DELETE') return emptyTrash(context);
    if (method === 'GET') return getFile(context, fileId);
    if (method === 'PATCH') return patchFile(context, fileId);
    if (method === 'DELETE') return deleteFile(context, fileId);
  } else if (verb === 'copy' && subId === undefined) {
    if (method === 'POST') return copyFile(context, fileId);
  } else if (verb === 'export' && subId === undefined) {
    if (method === 'GET') return exportFile(context, fileId);
  } else if (verb === 'permissions') {
    if (subId === undefined) {
      if (method === 'GET') return listPermissions(context, fileId);
      if (method === 'POST') return createPermission(context, fileId);
    } else {
      if (method === 'GET') return getPermission(context, fileId, subId);
      if (method === 'PATCH') return updatePermission(context, fileId, subId);
      if (method === 'DELETE') return deletePermission(context, fileId, subId);
    }
  } else {
    throw notFound(context.request);
  }
  throw notAllowed(context.request);
}

function contextFor(state: GoogleState, request: EmulatorRequest): DriveContext {
  return { state, request, account: authenticate(state, request), query: request.query };
}

function authenticate(state: GoogleState, request: EmulatorRequest): GoogleAccount {
  const header = request.header('authorization');
  if (header === undefined || header.trim() === '') throw authError(true);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw authError();
  const check = state.tokens.checkAccess(match[1] as string);
  const account = check.kind === 'valid' ? state.accounts.find(check.grant.accountId) : undefined;
  if (!account) throw authError();
  return account;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function notFound(request: EmulatorRequest): DriveError {
  return new DriveError(404, 'notFound', `The emulator has no Drive endpoint ${request.path}.`);
}

function notAllowed(request: EmulatorRequest): DriveError {
  return new DriveError(
    405,
    'methodNotAllowed',
    `${request.method} is not allowed on ${request.path}.`,
  );
}
