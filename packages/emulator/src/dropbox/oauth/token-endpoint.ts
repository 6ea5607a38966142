import { pkceVerifies } from '../../server/oauth.js';
import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, jsonResponse } from '../../server/response.js';
import type { DropboxState } from '../state.js';
import { checkSecret, clientCredentials } from './client-auth.js';
import { issueTokens } from './issue-tokens.js';
import { OAuthError, oauthErrorResponse, REVOKED_REFRESH_TOKEN } from './oauth-error.js';

/**
 * `POST /oauth2/token` on the API host: authorization_code (with PKCE) and refresh_token grants.
 * Parameters are read from the query string (where the dropbox SDK puts them) and from a form
 * body; the app secret from HTTP Basic or `client_secret`.
 */
export async function handleToken(
  state: DropboxState,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  try {
    if (request.method !== 'POST') {
      throw new OAuthError(400, 'invalid_request', 'The token endpoint only accepts POST.');
    }
    const params = new URLSearchParams(request.query);
    if ((request.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
      for (const [key, value] of await request.form()) if (!params.has(key)) params.set(key, value);
    }
    const grantType = params.get('grant_type');
    const body =
      grantType === 'authorization_code'
        ? redeemCode(state, request, params)
        : grantType === 'refresh_token'
          ? redeemRefreshToken(state, request, params)
          : unsupported(grantType);
    return jsonResponse(200, body, { 'cache-control': 'no-store' });
  } catch (error) {
    if (error instanceof OAuthError) return oauthErrorResponse(error);
    throw error;
  }
}

function redeemCode(state: DropboxState, request: EmulatorRequest, params: URLSearchParams) {
  const client = clientCredentials(state, request, params);
  const code = params.get('code');
  if (!code) throw new OAuthError(400, 'invalid_request', 'No code given.');
  const grant = state.tokens.codeGrant(code);
  if (!grant || grant.redeemed || grant.expiresAt <= state.now()) {
    throw new OAuthError(400, 'invalid_grant', "code doesn't exist or has expired");
  }
  if (grant.clientId !== client.clientId) {
    throw new OAuthError(400, 'invalid_grant', 'code was issued to a different app');
  }
  if ((params.get('redirect_uri') ?? undefined) !== grant.redirectUri) {
    throw new OAuthError(400, 'invalid_grant', 'redirect_uri mismatch');
  }
  const verifier = params.get('code_verifier');
  if (grant.codeChallenge !== undefined) {
    if (!verifier || !pkceVerifies(verifier, grant.codeChallenge, grant.codeChallengeMethod)) {
      throw new OAuthError(400, 'invalid_grant', 'invalid code verifier');
    }
  }
  checkSecret(client, grant.codeChallenge !== undefined);
  const account = state.accounts.find(grant.accountId);
  if (!account) throw new OAuthError(400, 'invalid_grant', 'the user no longer exists');
  grant.redeemed = true;
  return issueTokens(state, account, {
    clientId: client.clientId,
    scope: grant.scope,
    accessType: grant.accessType,
    pkce: grant.codeChallenge !== undefined,
  });
}

function redeemRefreshToken(
  state: DropboxState,
  request: EmulatorRequest,
  params: URLSearchParams,
) {
  const client = clientCredentials(state, request, params);
  const token = params.get('refresh_token');
  if (!token) throw new OAuthError(400, 'invalid_request', 'No refresh_token given.');
  const grant = state.tokens.refreshGrant(token);
  if (!grant || grant.revoked) throw new OAuthError(400, 'invalid_grant', REVOKED_REFRESH_TOKEN);
  if (grant.clientId !== client.clientId) {
    throw new OAuthError(400, 'invalid_grant', 'refresh token was issued to a different app');
  }
  checkSecret(client, grant.pkce);
  const account = state.accounts.find(grant.accountId);
  if (!account) throw new OAuthError(400, 'invalid_grant', REVOKED_REFRESH_TOKEN);
  const lifetime = state.options.accessTokenLifetimeSeconds;
  return {
    access_token: state.tokens.issueAccess(account.accountId, lifetime),
    token_type: 'bearer',
    expires_in: lifetime,
    scope: params.get('scope') ?? grant.scope,
  };
}

function unsupported(grantType: string | null): never {
  throw new OAuthError(
    400,
    'unsupported_grant_type',
    `grant_type '${grantType ?? ''}' is not supported; use authorization_code or refresh_token`,
  );
}
