import type { EmulatorRequest } from '../server/request.js';
import { type EmulatorResponse, jsonResponse } from '../server/response.js';
import type { DropboxAccount } from './accounts.js';
import { contentArg, rpcArg } from './api-arg.js';
import type { RouteContext } from './context.js';
import { authError, badInput, DropboxError, errorResponse } from './errors.js';
import { DROPBOX_API_HOST, DROPBOX_CONTENT_HOST } from './hosts.js';
import { handleToken } from './oauth/token-endpoint.js';
import { download } from './routes/download.js';
import { getMetadata } from './routes/get-metadata.js';
import { getLatestCursor, listFolder, listFolderContinue } from './routes/list-folder.js';
import {
  addFileMember,
  addFolderMember,
  checkRemoveMemberJobStatus,
  checkShareJobStatus,
  listFileMembers,
  listFolderMembers,
  removeFileMember,
  removeFolderMember,
  shareFolder,
} from './routes/members.js';
import {
  copyV2,
  createFolderV2,
  deleteV2,
  moveV2,
  permanentlyDelete,
} from './routes/relocation.js';
import { searchContinueV2, searchV2 } from './routes/search.js';
import { createSharedLink, listSharedLinks, revokeSharedLink } from './routes/shared-links.js';
import {
  upload,
  uploadSessionAppend,
  uploadSessionFinish,
  uploadSessionFinishBatch,
  uploadSessionStart,
} from './routes/upload.js';
import { getCurrentAccount, getSpaceUsage } from './routes/users.js';
import type { DropboxState } from './state.js';

type Handler = (context: RouteContext, arg: unknown) => unknown;

/** A route: the host it lives on, its style (wire reference C.1) and its handler. */
interface RouteSpec {
  readonly host: string;
  readonly style: 'rpc' | 'upload' | 'download';
  readonly handle: Handler;
}

const rpc = (handle: Handler): RouteSpec => ({ host: DROPBOX_API_HOST, style: 'rpc', handle });
const content = (style: 'upload' | 'download', handle: Handler): RouteSpec => ({
  host: DROPBOX_CONTENT_HOST,
  style,
  handle,
});

/** Every emulated route, by name. */
const ROUTES: ReadonlyMap<string, RouteSpec> = new Map([
  ['users/get_current_account', rpc(getCurrentAccount)],
  ['users/get_space_usage', rpc(getSpaceUsage)],
  ['files/get_metadata', rpc(getMetadata)],
  ['files/list_folder', rpc(listFolder)],
  ['files/list_folder/continue', rpc(listFolderContinue)],
  ['files/list_folder/get_latest_cursor', rpc(getLatestCursor)],
  ['files/create_folder_v2', rpc(createFolderV2)],
  ['files/move_v2', rpc(moveV2)],
  ['files/copy_v2', rpc(copyV2)],
  ['files/delete_v2', rpc(deleteV2)],
  ['files/permanently_delete', rpc(permanentlyDelete)],
  ['files/search_v2', rpc(searchV2)],
  ['files/search/continue_v2', rpc(searchContinueV2)],
  ['files/upload_session/finish_batch_v2', rpc(uploadSessionFinishBatch)],
  ['sharing/create_shared_link_with_settings', rpc(createSharedLink)],
  ['sharing/list_shared_links', rpc(listSharedLinks)],
  ['sharing/revoke_shared_link', rpc(revokeSharedLink)],
  ['sharing/add_file_member', rpc(addFileMember)],
  ['sharing/list_file_members', rpc(listFileMembers)],
  ['sharing/remove_file_member_2', rpc(removeFileMember)],
  ['sharing/share_folder', rpc(shareFolder)],
  ['sharing/check_share_job_status', rpc(checkShareJobStatus)],
  ['sharing/add_folder_member', rpc(addFolderMember)],
  ['sharing/list_folder_members', rpc(listFolderMembers)],
  ['sharing/remove_folder_member', rpc(removeFolderMember)],
  ['sharing/check_remove_member_job_status', rpc(checkRemoveMemberJobStatus)],
  ['files/upload', content('upload', upload)],
  ['files/upload_session/start', content('upload', uploadSessionStart)],
  ['files/upload_session/append_v2', content('upload', uploadSessionAppend)],
  ['files/upload_session/finish', content('upload', uploadSessionFinish)],
  ['files/download', content('download', download)],
]);

/**
 * Answers a request to api.dropboxapi.com or content.dropboxapi.com: the token endpoint, or
 * `/2/<route>` authenticated with a bearer token, its argument read from the body (RPC) or the
 * Dropbox-API-Arg header (content), and errors rendered as Dropbox sends them.
 */
export async function handleApi(
  state: DropboxState,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  if (request.host === DROPBOX_API_HOST && request.path === '/oauth2/token') {
    return handleToken(state, request);
  }
  const ids = { 'x-dropbox-request-id': request.requestId };
  const route = /^\/2\/(.+)$/.exec(request.path)?.[1] ?? '';
  try {
    const spec = ROUTES.get(route);
    if (!spec) {
      return {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8', ...ids },
        body: Buffer.from(`Unknown API function: "${route || request.path}"`),
      };
    }
    if (spec.host !== request.host) {
      throw badInput(route, `This API function operates on a different host: ${spec.host}.`);
    }
    const allowGet = spec.style === 'download' && request.method === 'GET';
    if (request.method !== 'POST' && !allowGet) {
      throw badInput(route, `Expected POST, got ${request.method}.`);
    }
    const account = authenticate(state, request, route);
    const arg = spec.style === 'rpc' ? await rpcArg(request, route) : contentArg(request, route);
    const result = await spec.handle({ state, request, route, account }, arg);
    if (spec.style === 'download') {
      const response = result as EmulatorResponse;
      return { ...response, headers: { ...response.headers, ...ids } };
    }
    return jsonResponse(200, result, ids);
  } catch (error) {
    if (error instanceof DropboxError) return errorResponse(error, request.requestId);
    throw error;
  }
}

/** The caller's account from `Authorization: Bearer` (or the `authorization` URL parameter). */
function authenticate(
  state: DropboxState,
  request: EmulatorRequest,
  route: string,
): DropboxAccount {
  const value = request.header('authorization') ?? request.query.get('authorization') ?? undefined;
  if (!value) {
    throw badInput(
      route,
      'Must provide HTTP header "Authorization" or URL parameter "authorization".',
    );
  }
  const token = /^Bearer\s+(\S+)$/i.exec(value)?.[1];
  if (!token) {
    throw badInput(
      route,
      'Invalid authorization value in HTTP header "Authorization". Expecting "Bearer <oauth2-access-token>".',
    );
  }
  const check = state.tokens.checkAccess(token);
  if (check.kind === 'expired') throw authError('expired_access_token');
  const account = check.kind === 'valid' ? state.accounts.find(check.grant.accountId) : undefined;
  if (!account) throw authError('invalid_access_token');
  return account;
}
