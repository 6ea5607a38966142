import type { EmulatorRequest } from '../../server/request.js';
import type { DropboxClientSeed } from '../options.js';
import type { DropboxState } from '../state.js';
import { OAuthError } from './oauth-error.js';

/** The app a token request comes from, with the secret it presented (if any). */
export interface ClientCredentials {
  readonly clientId: string;
  readonly secret: string | undefined;
  /** The registration, when the app key is known. */
  readonly registered: DropboxClientSeed | undefined;
}

/** Reads the app key and secret from HTTP Basic or the parameters; refuses unknown apps when told. */
export function clientCredentials(
  state: DropboxState,
  request: EmulatorRequest,
  params: URLSearchParams,
): ClientCredentials {
  let clientId = params.get('client_id') ?? undefined;
  let secret = params.get('client_secret') ?? undefined;
  const basic = /^Basic\s+(\S+)$/i.exec(request.header('authorization') ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    clientId = colon === -1 ? decoded : decoded.slice(0, colon);
    secret = colon === -1 ? undefined : decoded.slice(colon + 1);
  }
  if (!clientId) throw new OAuthError(400, 'invalid_request', 'No client_id given.');
  const registered = state.clients.get(clientId);
  if (!registered && !state.options.acceptAnyClient) {
    throw new OAuthError(400, 'invalid_client', 'Invalid client_id or client_secret');
  }
  return { clientId, secret, registered };
}

/** Checks the secret of a registered confidential app; PKCE grants need none. */
export function checkSecret(client: ClientCredentials, pkce: boolean): void {
  const expected = client.registered?.clientSecret;
  if (expected === undefined) return;
  if (client.secret === undefined ? !pkce : client.secret !== expected) {
    throw new OAuthError(400, 'invalid_client', 'Invalid client_id or client_secret');
  }
}
