import type { EmulatorRequest } from '../../server/request.js';
import {
  type EmulatorResponse,
  emptyResponse,
  htmlResponse,
  jsonResponse,
} from '../../server/response.js';
import type { MicrosoftState } from '../state.js';
import { handleAuthorize } from './authorize.js';
import { instanceDiscovery, openIdConfiguration, signingKeys } from './discovery.js';
import { handleToken } from './token-endpoint.js';

/** Answers one request to `login.microsoftonline.com/{tenant}/...`. */
export function handleIdentity(
  state: MicrosoftState,
  request: EmulatorRequest,
): EmulatorResponse | Promise<EmulatorResponse> {
  const match = /^\/([^/]+)(\/.*)$/.exec(request.path);
  const tenant = match ? decodeURIComponent(match[1] as string) : '';
  switch (match?.[2]) {
    case '/oauth2/v2.0/authorize':
      return handleAuthorize(state, request, tenant);
    case '/oauth2/v2.0/token':
      return handleToken(state, request);
    case '/v2.0/.well-known/openid-configuration':
      return openIdConfiguration(state, tenant);
    case '/discovery/instance':
      return instanceDiscovery(state, request);
    case '/discovery/v2.0/keys':
      return signingKeys();
    case '/oauth2/v2.0/logout': {
      const target = request.query.get('post_logout_redirect_uri');
      if (target && URL.canParse(target)) return emptyResponse(302, { location: target });
      return htmlResponse(
        200,
        '<!doctype html><html lang="en"><body><p>Signed out.</p></body></html>\n',
      );
    }
    default:
      return jsonResponse(404, {
        error: 'not_found',
        error_description: `The emulator has no identity endpoint at ${request.path}.`,
      });
  }
}
