import type { ActiveFault } from '../faults/fault-registry.js';
import { oauthFaultCode, retryAfterHeader } from '../server/fault-answers.js';
import type { ProviderEmulator } from '../server/provider-emulator.js';
import type { EmulatorRequest } from '../server/request.js';
import { type EmulatorResponse, htmlResponse } from '../server/response.js';
import {
  DriveError,
  driveErrorResponse,
  messageForReason,
  reasonForStatus,
} from './drive/errors.js';
import { authError, handleDrive } from './drive/router.js';
import { expireSessionAt } from './drive/upload-handlers.js';
import { GOOGLE_ACCOUNTS_HOST, GOOGLE_API_HOST, GOOGLE_HOSTS, GOOGLE_OAUTH_HOST } from './hosts.js';
import { handleAuthorize } from './oauth/authorize.js';
import {
  EXPIRED_OR_REVOKED,
  GoogleOAuthError,
  invalidGrant,
  oauthErrorResponse,
} from './oauth/oauth-error.js';
import { handleOAuth } from './oauth/token-endpoint.js';
import type { GoogleState } from './state.js';

/** Google Drive v3 (metadata and uploads), the OAuth token endpoints and the consent page. */
export class GoogleEmulator implements ProviderEmulator {
  readonly name = 'google' as const;
  readonly hosts = GOOGLE_HOSTS;

  constructor(private readonly state: GoogleState) {}

  /** Routes by real host. */
  async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    switch (request.host) {
      case GOOGLE_OAUTH_HOST:
        return handleOAuth(this.state, request);
      case GOOGLE_ACCOUNTS_HOST:
        return handleAuthorize(this.state, request);
      default:
        return handleDrive(this.state, request);
    }
  }

  /** The response for an injected fault, in the addressed host's error format. */
  faultResponse(fault: ActiveFault, request: EmulatorRequest): EmulatorResponse {
    const retryAfter = retryAfterHeader(fault);
    if (request.host === GOOGLE_OAUTH_HOST) {
      const error =
        fault.kind === 'status'
          ? new GoogleOAuthError(fault.status, oauthFaultCode(fault.status), 'Injected fault.')
          : invalidGrant(EXPIRED_OR_REVOKED);
      return oauthErrorResponse(error, retryAfter);
    }
    if (request.host === GOOGLE_ACCOUNTS_HOST) {
      const status = fault.kind === 'status' ? fault.status : 400;
      return htmlResponse(
        status,
        `<!doctype html><title>Error ${status}</title><p>Injected fault.</p>\n`,
        retryAfter,
      );
    }
    if (fault.kind === 'expiredToken') return driveErrorResponse(authError());
    if (fault.kind === 'sessionExpired') {
      expireSessionAt(this.state, request.search);
      return driveErrorResponse(
        new DriveError(
          404,
          'notFound',
          'The upload session was not found; it may have expired. Start a new upload.',
        ),
      );
    }
    if (fault.kind !== 'status') return this.internalError(request);
    const reason = this.state.faultReasons.get(fault) ?? reasonForStatus(fault.status);
    return driveErrorResponse(
      new DriveError(fault.status, reason, messageForReason(reason), undefined, retryAfter),
    );
  }

  /** A 500 in the addressed host's error format. */
  internalError(request: EmulatorRequest): EmulatorResponse {
    if (request.host === GOOGLE_API_HOST) {
      return driveErrorResponse(new DriveError(500, 'backendError', 'Backend Error'));
    }
    return oauthErrorResponse(
      new GoogleOAuthError(
        500,
        'internal_failure',
        'An unexpected error occurred inside the emulator.',
      ),
    );
  }
}
