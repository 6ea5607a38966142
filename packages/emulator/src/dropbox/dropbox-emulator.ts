import type { ActiveFault } from '../faults/fault-registry.js';
import { oauthFaultCode, retryAfterHeader } from '../server/fault-answers.js';
import type { ProviderEmulator } from '../server/provider-emulator.js';
import type { EmulatorRequest } from '../server/request.js';
import type { EmulatorResponse } from '../server/response.js';
import { contentArg } from './api-arg.js';
import {
  authError,
  badInput,
  DropboxError,
  errorResponse,
  rateLimited,
  routeError,
  serverError,
  union,
} from './errors.js';
import {
  DROPBOX_APEX_HOST,
  DROPBOX_API_HOST,
  DROPBOX_CONTENT_HOST,
  DROPBOX_HOSTS,
  DROPBOX_WEB_HOST,
} from './hosts.js';
import { errorPage } from './html.js';
import { OAuthError, oauthErrorResponse, REVOKED_REFRESH_TOKEN } from './oauth/oauth-error.js';
import { handleApi } from './router.js';
import { sessionIdOf } from './routes/upload.js';
import type { DropboxState } from './state.js';
import { handleWeb } from './web.js';

/** Dropbox API v2 (RPC and content hosts), Dropbox OAuth, the consent page and shared links. */
export class DropboxEmulator implements ProviderEmulator {
  readonly name = 'dropbox' as const;
  readonly hosts = DROPBOX_HOSTS;

  constructor(private readonly state: DropboxState) {}

  /** Routes by real host. */
  async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    if (request.host === DROPBOX_WEB_HOST || request.host === DROPBOX_APEX_HOST) {
      return handleWeb(this.state, request);
    }
    return handleApi(this.state, request);
  }

  /** The response for an injected fault, in the addressed host's error format. */
  faultResponse(fault: ActiveFault, request: EmulatorRequest): EmulatorResponse {
    const retryAfter = retryAfterHeader(fault);
    if (request.host === DROPBOX_WEB_HOST || request.host === DROPBOX_APEX_HOST) {
      return errorPage(fault.kind === 'status' ? fault.status : 400, 'Injected fault.');
    }
    if (request.host === DROPBOX_API_HOST && request.path === '/oauth2/token') {
      const error =
        fault.kind === 'status'
          ? new OAuthError(fault.status, oauthFaultCode(fault.status), 'Injected fault.')
          : new OAuthError(400, 'invalid_grant', REVOKED_REFRESH_TOKEN);
      return oauthErrorResponse(error, retryAfter);
    }
    let error: DropboxError;
    const route = request.path.replace(/^\/2\//, '');
    if (fault.kind === 'status') {
      error = statusError(route, fault.status, fault.retryAfter, retryAfter);
    } else if (fault.kind === 'expiredToken') error = authError('expired_access_token');
    else error = this.#expireSession(request);
    return errorResponse(error, request.requestId);
  }

  /** A 500 with a plain-text body, as Dropbox answers. */
  internalError(request: EmulatorRequest): EmulatorResponse {
    return errorResponse(serverError(500), request.requestId);
  }

  /** Removes the upload session named in Dropbox-API-Arg and answers as for an unknown session. */
  #expireSession(request: EmulatorRequest): DropboxError {
    let sessionId: string | undefined;
    try {
      sessionId = sessionIdOf(contentArg(request, request.path));
    } catch {
      sessionId = undefined;
    }
    if (request.host === DROPBOX_CONTENT_HOST && sessionId !== undefined) {
      this.state.sessions.delete(sessionId);
    }
    return request.path.endsWith('/append_v2')
      ? routeError(union('not_found'))
      : routeError(union('lookup_failed', union('not_found')));
  }
}

function statusError(
  route: string,
  status: number,
  retryAfterSeconds: number | undefined,
  headers: Record<string, string>,
): DropboxError {
  switch (status) {
    case 400:
      return badInput(route, 'Injected fault.');
    case 401:
      return authError('expired_access_token');
    case 403:
      return new DropboxError(403, {
        kind: 'json',
        value: { error_summary: 'no_permission/..', error: { '.tag': 'no_permission' } },
      });
    case 409:
      return routeError(union('other'));
    case 429:
      return rateLimited('too_many_requests', retryAfterSeconds ?? 1);
    default:
      return status >= 500
        ? serverError(status, headers)
        : new DropboxError(status, { kind: 'text', text: 'Injected fault.' }, headers);
  }
}
