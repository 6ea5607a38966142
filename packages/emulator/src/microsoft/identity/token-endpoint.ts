import { pkceVerifies } from '../../server/oauth.js';
import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, jsonResponse } from '../../server/response.js';
import type { Account } from '../accounts.js';
import type { MicrosoftState } from '../state.js';
import { authenticateClient } from './client-auth.js';
import { clientInfo, idToken } from './id-token.js';
import { EXPIRED_GRANT, invalidGrant, OAuthError, oauthErrorResponse } from './oauth-error.js';

/** The token response fields Microsoft sends (wire reference D.1). */
export interface TokenResponse {
  token_type: 'Bearer';
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
}

/** `POST /{tenant}/oauth2/v2.0/token`: authorization_code (with PKCE) and refresh_token grants. */
export async function handleToken(
  state: MicrosoftState,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  try {
    if (request.method !== 'POST') {
      throw new OAuthError(
        405,
        'invalid_request',
        900561,
        'The endpoint only accepts POST requests.',
      );
    }
    const form = await request.form();
    const client = authenticateClient(state, request, form);
    const grantType = form.get('grant_type');
    const body =
      grantType === 'authorization_code'
        ? redeemCode(state, form, client.clientId)
        : grantType === 'refresh_token'
          ? redeemRefreshToken(state, form, client.clientId)
          : unsupportedGrant(grantType);
    return jsonResponse(200, body, { 'cache-control': 'no-store', pragma: 'no-cache' });
  } catch (error) {
    if (error instanceof OAuthError) return oauthErrorResponse(error, state.now());
    throw error;
  }
}

/** Issues the tokens for a grant; shared with the control API's mintToken. */
export function issueTokens(
  state: MicrosoftState,
  account: Account,
  clientId: string,
  scopes: readonly string[],
  options: { nonce?: string | undefined; clientInfo?: boolean; refresh?: boolean },
): TokenResponse {
  const lower = scopes.map((scope) => scope.toLowerCase());
  const granted = scopes.filter((scope) => scope.toLowerCase() !== 'offline_access');
  const lifetime = state.options.accessTokenLifetimeSeconds;
  const response: TokenResponse = {
    token_type: 'Bearer',
    scope: granted.join(' '),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: state.tokens.issueAccess(account.id, granted, lifetime),
  };
  if (options.refresh ?? lower.includes('offline_access')) {
    response.refresh_token = state.tokens.issueRefresh(
      account.id,
      clientId,
      scopes,
      state.options.refreshTokenLifetimeSeconds,
    );
  }
  if (lower.includes('openid')) {
    response.id_token = idToken(account, clientId, state.now(), lifetime, options.nonce);
  }
  if (options.clientInfo) response.client_info = clientInfo(account);
  return response;
}

function redeemCode(state: MicrosoftState, form: URLSearchParams, clientId: string): TokenResponse {
  const code = form.get('code');
  if (!code)
    throw new OAuthError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'code'.",
    );
  const grant = state.tokens.codeGrant(code);
  if (!grant)
    throw invalidGrant(70000, "The provided value for the 'code' parameter is not valid.");
  if (grant.redeemed) {
    throw invalidGrant(
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
    );
  }
  if (grant.expiresAt <= state.now()) throw invalidGrant(70008, EXPIRED_GRANT);
  if (grant.clientId !== clientId)
    throw invalidGrant(70000, 'The authorization code was issued to another application.');
  const redirectUri = form.get('redirect_uri');
  if (redirectUri !== grant.redirectUri) {
    throw invalidGrant(
      500112,
      `The reply address '${redirectUri ?? ''}' does not match the reply address '${grant.redirectUri}' provided when requesting Authorization code.`,
    );
  }
  if (
    grant.codeChallenge !== undefined &&
    !pkceVerifies(form.get('code_verifier'), grant.codeChallenge, grant.codeChallengeMethod)
  ) {
    throw invalidGrant(
      501481,
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
    );
  }
  const account = state.accounts.find(grant.accountId);
  if (!account) throw invalidGrant(70000, 'The user of this authorization code no longer exists.');
  grant.redeemed = true;
  const requested = (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
  return issueTokens(state, account, clientId, requested.length > 0 ? requested : grant.scopes, {
    nonce: grant.nonce,
    clientInfo: form.get('client_info') === '1',
  });
}

function redeemRefreshToken(
  state: MicrosoftState,
  form: URLSearchParams,
  clientId: string,
): TokenResponse {
  const token = form.get('refresh_token');
  if (!token) {
    throw new OAuthError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'refresh_token'.",
    );
  }
  const grant = state.tokens.refreshGrant(token);
  if (!grant) throw invalidGrant(9002313, 'Invalid request. Request is malformed or invalid.');
  if (grant.revoked) {
    throw invalidGrant(
      50173,
      'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
    );
  }
  if (grant.expiresAt <= state.now()) throw invalidGrant(70008, EXPIRED_GRANT);
  if (grant.clientId !== clientId)
    throw invalidGrant(70000, 'The refresh token was issued to another application.');
  const account = state.accounts.find(grant.accountId);
  if (!account) throw invalidGrant(70000, 'The user of this refresh token no longer exists.');
  if (state.options.rotatedRefreshTokens === 'revoke') grant.revoked = true;
  const requested = (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
  return issueTokens(state, account, clientId, requested.length > 0 ? requested : grant.scopes, {
    clientInfo: form.get('client_info') === '1',
    refresh: true,
  });
}

function unsupportedGrant(grantType: string | null): never {
  throw new OAuthError(
    400,
    'unsupported_grant_type',
    70003,
    `The app requested an unsupported grant type '${grantType ?? ''}'; the emulator supports authorization_code and refresh_token.`,
  );
}
