import type { EmulatorRequest } from '../../server/request.js';
import type { EmulatorResponse } from '../../server/response.js';
import type { Account } from '../accounts.js';
import { LOGIN_HOST } from '../hosts.js';
import type { Site } from '../sites.js';
import type { MicrosoftState } from '../state.js';
import { type DriveSelector, type GraphAddress, parseGraphPath } from './address.js';
import { createChild, listChildren } from './children-handlers.js';
import type { GraphContext } from './context.js';
import { copyItem } from './copy-handlers.js';
import { delta } from './delta-handler.js';
import type { Drive } from './drive.js';
import { accessDenied, GraphError, invalidRequest, itemNotFound } from './errors.js';
import { deleteItem, getDrive, getItem, getMe, patchItem } from './item-handlers.js';
import {
  createLink,
  deletePermission,
  getPermission,
  invite,
  listPermissions,
} from './permission-handlers.js';
import { graphFailure } from './respond.js';
import { search } from './search-handler.js';
import { redirectToContent, uploadSimple } from './transfer-handlers.js';
import { commitFromSourceUrl, createUploadSession } from './upload-session-handlers.js';

/** Answers one request to `graph.microsoft.com`: authenticates it, parses the path, dispatches. */
export async function handleGraph(
  state: MicrosoftState,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  try {
    return await route(state, request);
  } catch (error) {
    return graphFailure(state, request, error);
  }
}

/** The 401 Graph answers for a missing, unknown or expired bearer token. */
export function authenticationError(state: MicrosoftState, message: string): GraphError {
  const authorizationUri = state.links.to(LOGIN_HOST, '/common/oauth2/authorize');
  return new GraphError(401, 'InvalidAuthenticationToken', message, undefined, {
    'www-authenticate': `Bearer realm="", authorization_uri="${authorizationUri}", client_id="00000003-0000-0000-c000-000000000000"`,
  });
}

/** The message Graph gives for an expired token. */
export const EXPIRED_TOKEN_MESSAGE = 'Access token has expired or is not yet valid.';

async function route(state: MicrosoftState, request: EmulatorRequest): Promise<EmulatorResponse> {
  const account = authenticate(state, request);
  const versionMatch = /^\/(v1\.0|beta)(\/.*)$/.exec(request.path);
  if (!versionMatch)
    throw invalidRequest(`Unsupported Graph path '${request.path}'; expected /v1.0/...`);
  const address = parseGraphPath(versionMatch[2] as string);
  if (address.kind === 'me') {
    if (request.method !== 'GET') throw notAllowed(request);
    return getMe(meContext(state, request, account));
  }
  const { drive, site } = selectDrive(state, account, address.drive);
  const context: GraphContext = {
    state,
    request,
    account,
    drive,
    site,
    // parentReference.path starts /drive under /me/drive and /drive, else /drives/{id} (SharePoint
    // answers /drives/{id}/root:... for items of a site's library too).
    referenceBase:
      address.prefix.startsWith('/me/') || address.prefix === '/drive'
        ? '/drive'
        : `/drives/${drive.id}`,
  };
  return dispatch(context, address);
}

/** The drive a URL names, if the signed-in account may use it. */
function selectDrive(
  state: MicrosoftState,
  account: Account,
  selector: DriveSelector,
): { drive: Drive; site: Site | undefined } {
  if (selector.kind === 'me') return { drive: account.drive, site: undefined };
  if (selector.kind === 'site') {
    const site = state.sites.find(selector.id);
    // A site outside the caller's tenant is invisible to it, as an unknown one is: Graph answers
    // 404 itemNotFound "Requested site could not be found" [K: observed answers, not documented].
    if (!site || site.tenantId !== account.tenantId)
      throw itemNotFound('Requested site could not be found');
    assertMember(site, account);
    return { drive: site.drive, site };
  }
  const found = state.driveById(selector.id);
  if (!found) throw itemNotFound(`The drive '${selector.id}' does not exist.`);
  if (found.site) assertMember(found.site, account);
  else if (found.drive !== account.drive)
    throw accessDenied('Access denied: the drive belongs to another account.');
  return found;
}

function assertMember(site: Site, account: Account): void {
  if (!site.members.has(account.id))
    throw accessDenied('Access denied: the signed-in user is not a member of this site.');
}

function authenticate(state: MicrosoftState, request: EmulatorRequest): Account {
  const header = request.header('authorization');
  if (header === undefined || header.trim() === '')
    throw authenticationError(state, 'Access token is empty.');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw authenticationError(state, 'Access token validation failure.');
  const check = state.tokens.checkAccess(match[1] as string);
  if (check.kind === 'expired') throw authenticationError(state, EXPIRED_TOKEN_MESSAGE);
  const account = check.kind === 'valid' ? state.accounts.find(check.grant.accountId) : undefined;
  if (!account)
    throw authenticationError(state, 'Access token validation failure. Invalid audience.');
  return account;
}

function meContext(
  state: MicrosoftState,
  request: EmulatorRequest,
  account: Account,
): GraphContext {
  return { state, request, account, drive: account.drive, referenceBase: '/drive' };
}

function dispatch(
  context: GraphContext,
  address: Extract<GraphAddress, { kind: 'drive' }>,
): EmulatorResponse | Promise<EmulatorResponse> {
  const { request } = context;
  const method = request.method;
  const item = address.item;
  if (!item) {
    if (address.action.length === 0 && method === 'GET') return getDrive(context);
    throw notAllowed(request);
  }
  const [action = '', second, ...extra] = address.action;
  if (extra.length > 0) throw invalidRequest(`Unsupported path '${request.path}'.`);
  switch (second === undefined ? action : `${action}/`) {
    case '':
      if (method === 'GET') return getItem(context, item);
      if (method === 'PATCH') return patchItem(context, item);
      if (method === 'DELETE') return deleteItem(context, item, { permanent: false });
      if (method === 'PUT') return commitFromSourceUrl(context, item);
      break;
    case 'children':
      if (method === 'GET') return listChildren(context, item);
      if (method === 'POST') return createChild(context, item);
      break;
    case 'content':
      if (method === 'GET') return redirectToContent(context, item);
      if (method === 'PUT') return uploadSimple(context, item);
      break;
    case 'createUploadSession':
      if (method === 'POST') return createUploadSession(context, item);
      break;
    case 'permanentDelete':
      if (method === 'POST') return deleteItem(context, item, { permanent: true });
      break;
    case 'copy':
      if (method === 'POST') return copyItem(context, item);
      break;
    case 'delta':
    case 'delta()':
      if (method === 'GET') return delta(context, item);
      break;
    case 'permissions':
      if (method === 'GET') return listPermissions(context, item);
      break;
    case 'permissions/':
      if (method === 'GET') return getPermission(context, item, second as string);
      if (method === 'DELETE') return deletePermission(context, item, second as string);
      break;
    case 'invite':
      if (method === 'POST') return invite(context, item);
      break;
    case 'createLink':
      if (method === 'POST') return createLink(context, item);
      break;
    default:
      if (action.startsWith('search(') && second === undefined) {
        if (method === 'GET') return search(context, item, action);
        break;
      }
      throw invalidRequest(`Unsupported segment '${action}'.`);
  }
  throw notAllowed(request);
}

function notAllowed(request: EmulatorRequest): GraphError {
  return new GraphError(405, 'notAllowed', `${request.method} is not allowed on ${request.path}.`);
}
