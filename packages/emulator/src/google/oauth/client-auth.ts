import { basicCredentials } from '../../server/oauth.js';
import type { EmulatorRequest } from '../../server/request.js';
import type { GoogleClientSeed } from '../options.js';
import type { GoogleState } from '../state.js';
import { GoogleOAuthError } from './oauth-error.js';

/**
 * Identifies the client of a token request (form `client_id` and `client_secret`, or HTTP Basic)
 * and checks the secret of a registered client that has one. Unregistered ids are accepted
 * unless `acceptAnyClient` is off.
 */
export function authenticateClient(
  state: GoogleState,
  request: EmulatorRequest,
  form: URLSearchParams,
): GoogleClientSeed {
  const basic = basicCredentials(request.header('authorization'));
  const clientId = form.get('client_id') ?? basic?.id;
  if (!clientId)
    throw new GoogleOAuthError(
      400,
      'invalid_request',
      'Could not determine client ID from request.',
    );
  const client = knownClient(state, clientId);
  if (client.clientSecret !== undefined) {
    const secret = form.get('client_secret') ?? basic?.secret;
    if (secret !== client.clientSecret)
      throw new GoogleOAuthError(401, 'invalid_client', 'Unauthorized');
  }
  return client;
}

/** The registration of a client id, or a stand-in; 401 invalid_client when unknown and not accepted. */
export function knownClient(state: GoogleState, clientId: string): GoogleClientSeed {
  const client = state.clients.get(clientId);
  if (client) return client;
  if (state.options.acceptAnyClient) return { clientId };
  throw new GoogleOAuthError(401, 'invalid_client', 'The OAuth client was not found.');
}
