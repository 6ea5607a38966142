import { basicCredentials } from '../../server/oauth.js';
import type { EmulatorRequest } from '../../server/request.js';
import type { MicrosoftClientSeed } from '../options.js';
import type { MicrosoftState } from '../state.js';
import { OAuthError } from './oauth-error.js';

/**
 * Identifies the client of a token request (form `client_id`, or HTTP Basic) and checks its
 * secret when it is a registered confidential client. Unregistered ids are accepted as public
 * clients unless `acceptAnyClient` is off.
 */
export function authenticateClient(
  state: MicrosoftState,
  request: EmulatorRequest,
  form: URLSearchParams,
): MicrosoftClientSeed {
  const basic = basicCredentials(request.header('authorization'));
  const clientId = form.get('client_id') ?? basic?.id;
  if (!clientId) {
    throw new OAuthError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  const client = knownClient(state, clientId);
  if (client.clientSecret !== undefined) {
    const secret = form.get('client_secret') ?? basic?.secret;
    if (secret !== client.clientSecret) {
      throw new OAuthError(
        401,
        'invalid_client',
        7000215,
        'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
      );
    }
  }
  return client;
}

/** The registration of a client id, or a public-client stand-in; 400 unauthorized_client when unknown and not accepted. */
export function knownClient(state: MicrosoftState, clientId: string): MicrosoftClientSeed {
  const client = state.clients.get(clientId);
  if (client) return client;
  if (state.options.acceptAnyClient) return { clientId };
  throw new OAuthError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory.`,
  );
}
