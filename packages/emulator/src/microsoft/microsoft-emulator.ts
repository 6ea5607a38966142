import type { ActiveFault } from '../faults/fault-registry.js';
import { oauthFaultCode, retryAfterHeader } from '../server/fault-answers.js';
import type { ProviderEmulator } from '../server/provider-emulator.js';
import type { EmulatorRequest } from '../server/request.js';
import type { EmulatorResponse } from '../server/response.js';
import { getMonitor, isMonitorPath } from './graph/copy-handlers.js';
import { codeForStatus, GraphError, graphErrorResponse, itemNotFound } from './graph/errors.js';
import { authenticationError, EXPIRED_TOKEN_MESSAGE, handleGraph } from './graph/graph-router.js';
import { graphFailure } from './graph/respond.js';
import { serveDownload } from './graph/transfer-handlers.js';
import { expireSessionAt, handleUploadUrl } from './graph/upload-session-handlers.js';
import { DOWNLOAD_HOST, GRAPH_HOST, LOGIN_HOST, MICROSOFT_HOSTS, UPLOAD_HOST } from './hosts.js';
import { handleIdentity } from './identity/identity-router.js';
import {
  EXPIRED_GRANT,
  invalidGrant,
  OAuthError,
  oauthErrorResponse,
} from './identity/oauth-error.js';
import type { MicrosoftState } from './state.js';

/** Microsoft Graph (OneDrive), its upload/monitor/download hosts and the identity platform. */
export class MicrosoftEmulator implements ProviderEmulator {
  readonly name = 'microsoft' as const;
  readonly hosts = MICROSOFT_HOSTS;

  constructor(private readonly state: MicrosoftState) {}

  /** Routes by real host. */
  async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const { state } = this;
    switch (request.host) {
      case GRAPH_HOST:
        return handleGraph(state, request);
      case LOGIN_HOST:
        return handleIdentity(state, request);
      default:
        try {
          if (request.host === DOWNLOAD_HOST) return serveDownload(state, request);
          if (isMonitorPath(request.path)) return getMonitor(state, request);
          return await handleUploadUrl(state, request);
        } catch (error) {
          return graphFailure(state, request, error);
        }
    }
  }

  /** The response for an injected fault, in the addressed host's error format. */
  faultResponse(fault: ActiveFault, request: EmulatorRequest): EmulatorResponse {
    const { state } = this;
    if (request.host === LOGIN_HOST) {
      const error =
        fault.kind === 'status'
          ? new OAuthError(
              fault.status,
              oauthFaultCode(fault.status),
              90033,
              'A transient error has occurred. Please try again.',
            )
          : invalidGrant(70008, EXPIRED_GRANT);
      return oauthErrorResponse(error, state.now(), retryAfterHeader(fault));
    }
    let error: GraphError;
    if (fault.kind === 'status') {
      error = new GraphError(
        fault.status,
        codeForStatus(fault.status),
        'Injected fault.',
        undefined,
        retryAfterHeader(fault),
      );
    } else if (fault.kind === 'expiredToken') {
      error = authenticationError(state, EXPIRED_TOKEN_MESSAGE);
    } else {
      if (request.host === UPLOAD_HOST) expireSessionAt(state, request.path);
      error = itemNotFound(
        'The upload session was not found; it may have expired.',
        'uploadSessionNotFound',
      );
    }
    return graphErrorResponse(error, request, state.now(), state.options.errorDetailStyle);
  }

  /** A 500 in the addressed host's error format. */
  internalError(request: EmulatorRequest): EmulatorResponse {
    const message = 'An unexpected error occurred inside the emulator.';
    if (request.host === LOGIN_HOST) {
      return oauthErrorResponse(
        new OAuthError(500, 'server_error', 90033, message),
        this.state.now(),
      );
    }
    const error = new GraphError(500, 'generalException', message);
    return graphErrorResponse(
      error,
      request,
      this.state.now(),
      this.state.options.errorDetailStyle,
    );
  }
}
