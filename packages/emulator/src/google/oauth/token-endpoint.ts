import { pkceVerifies } from '../../server/oauth.js';
import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, jsonResponse } from '../../server/response.js';
import type { GoogleAccount } from '../accounts.js';
import type { GoogleState } from '../state.js';
import { authenticateClient } from './client-auth.js';
import {
  EXPIRED_OR_REVOKED,
  GoogleOAuthError,
  invalidGrant,
  oauthErrorResponse,
} from './oauth-error.js';

/** The token response fields Google sends (wire reference D.2). */
export interface GoogleTokenResponse {
  access_token: string;
  expires_in: number;
  scope: string;
  token_type: 'Bearer';
  refresh_token?: string;
  id_token?: string;
}

const NO_STORE = {
  'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
  pragma: 'no-cache',
};

/**
 * `https://oauth2.googleapis.com/{token,revoke,tokeninfo}`: the authorization_code grant (with
 * PKCE) and the refresh_token grant (whose answers carry no new refresh token), revocation of a
 * refresh or access token (and the grant behind it), and token introspection.
 */
export async function handleOAuth(
  state: GoogleState,
  request: EmulatorRequest,
): Promise<EmulatorResponse> {
  try {
    switch (request.path) {
      case '/token':
        return await token(state, request);
      case '/revoke':
      case '/o/oauth2/revoke':
        return await revoke(state, request);
      case '/tokeninfo':
      case '/oauth2/v3/tokeninfo':
        return await tokenInfo(state, request);
      default:
        throw new GoogleOAuthError(
          404,
          'not_found',
          `The emulator has no endpoint ${request.path}.`,
        );
    }
  } catch (error) {
    if (error instanceof GoogleOAuthError) return oauthErrorResponse(error);
    throw error;
  }
}

/** Issues the tokens of a grant; shared with the control API's mintToken. */
export function issueTokens(
  state: GoogleState,
  account: GoogleAccount,
  clientId: string,
  scopes: readonly string[],
  refreshToken: string | 'new' | undefined,
): GoogleTokenResponse {
  const lifetime = state.options.accessTokenLifetimeSeconds;
  const refresh =
    refreshToken === 'new' ? state.tokens.issueRefresh(account.id, clientId, scopes) : refreshToken;
  const response: GoogleTokenResponse = {
    access_token: state.tokens.issueAccess(account.id, clientId, scopes, lifetime, refresh),
    expires_in: lifetime,
    scope: scopes.join(' '),
    token_type: 'Bearer',
  };
  if (refreshToken === 'new' && refresh !== undefined) response.refresh_token = refresh;
  if (scopes.includes('openid'))
    response.id_token = idToken(account, clientId, state.now(), lifetime);
  return response;
}

async function token(state: GoogleState, request: EmulatorRequest): Promise<EmulatorResponse> {
  if (request.method !== 'POST') {
    throw new GoogleOAuthError(405, 'invalid_request', 'The token endpoint only accepts POST.');
  }
  const form = await request.form();
  const client = authenticateClient(state, request, form);
  const grantType = form.get('grant_type');
  let body: GoogleTokenResponse;
  if (grantType === 'authorization_code') body = redeemCode(state, form, client.clientId);
  else if (grantType === 'refresh_token') body = redeemRefreshToken(state, form, client.clientId);
  else {
    throw new GoogleOAuthError(
      400,
      'unsupported_grant_type',
      `Invalid grant_type: ${grantType ?? ''}`,
    );
  }
  return jsonResponse(200, body, NO_STORE);
}

function redeemCode(
  state: GoogleState,
  form: URLSearchParams,
  clientId: string,
): GoogleTokenResponse {
  const code = form.get('code');
  if (!code) throw new GoogleOAuthError(400, 'invalid_request', 'Missing required parameter: code');
  const grant = state.tokens.codeGrant(code);
  if (!grant) throw invalidGrant('Malformed auth code.');
  if (grant.redeemed || grant.expiresAt <= state.now()) throw invalidGrant('Bad Request');
  if (grant.clientId !== clientId)
    throw new GoogleOAuthError(401, 'unauthorized_client', 'Unauthorized');
  if (form.get('redirect_uri') !== grant.redirectUri) {
    throw new GoogleOAuthError(400, 'redirect_uri_mismatch', 'Bad Request');
  }
  if (grant.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier');
    if (!verifier) throw invalidGrant('Missing code verifier.');
    if (!pkceVerifies(verifier, grant.codeChallenge, grant.codeChallengeMethod)) {
      throw invalidGrant('Invalid code verifier.');
    }
  }
  const account = state.accounts.find(grant.accountId);
  if (!account) throw invalidGrant('Bad Request');
  grant.redeemed = true;
  return issueTokens(state, account, clientId, grant.scopes, grant.offline ? 'new' : undefined);
}

function redeemRefreshToken(
  state: GoogleState,
  form: URLSearchParams,
  clientId: string,
): GoogleTokenResponse {
  const refreshToken = form.get('refresh_token');
  if (!refreshToken)
    throw new GoogleOAuthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
  const grant = state.tokens.refreshGrant(refreshToken);
  if (!grant || grant.revoked) throw invalidGrant(EXPIRED_OR_REVOKED);
  if (grant.clientId !== clientId)
    throw new GoogleOAuthError(401, 'unauthorized_client', 'Unauthorized');
  const account = state.accounts.find(grant.accountId);
  if (!account) throw invalidGrant(EXPIRED_OR_REVOKED);
  return issueTokens(state, account, clientId, grant.scopes, refreshToken);
}

async function revoke(state: GoogleState, request: EmulatorRequest): Promise<EmulatorResponse> {
  if (request.method !== 'POST' && request.method !== 'GET') {
    throw new GoogleOAuthError(405, 'invalid_request', 'The revoke endpoint answers POST.');
  }
  const form = request.method === 'POST' ? await request.form() : new URLSearchParams();
  const tokenValue = form.get('token') ?? request.query.get('token');
  if (!tokenValue)
    throw new GoogleOAuthError(400, 'invalid_request', 'Missing required parameter: token');
  if (!state.tokens.revoke(tokenValue)) {
    throw new GoogleOAuthError(400, 'invalid_token', 'Token expired or revoked');
  }
  return jsonResponse(200, {}, NO_STORE);
}

async function tokenInfo(state: GoogleState, request: EmulatorRequest): Promise<EmulatorResponse> {
  const form = request.method === 'POST' ? await request.form() : new URLSearchParams();
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.header('authorization') ?? '')?.[1];
  const accessToken = request.query.get('access_token') ?? form.get('access_token') ?? bearer;
  const check = accessToken ? state.tokens.checkAccess(accessToken) : { kind: 'unknown' as const };
  const account = check.kind === 'valid' ? state.accounts.find(check.grant.accountId) : undefined;
  if (check.kind !== 'valid' || !account)
    throw new GoogleOAuthError(400, 'invalid_token', 'Invalid Value');
  const expiresIn = Math.max(0, Math.floor((check.grant.expiresAt - state.now()) / 1000));
  return jsonResponse(200, {
    azp: check.grant.clientId,
    aud: check.grant.clientId,
    sub: account.id,
    scope: check.grant.scopes.join(' '),
    exp: String(Math.floor(check.grant.expiresAt / 1000)),
    expires_in: String(Number.isFinite(expiresIn) ? expiresIn : 0),
    email: account.email,
    email_verified: 'true',
    access_type: check.grant.refreshToken !== undefined ? 'offline' : 'online',
  });
}

/** An unsigned id_token (`alg: none`): nothing here should look like a token Google would accept. */
function idToken(
  account: GoogleAccount,
  clientId: string,
  nowMs: number,
  lifetimeSeconds: number,
): string {
  const now = Math.floor(nowMs / 1000);
  const claims = {
    iss: 'https://accounts.google.com',
    azp: clientId,
    aud: clientId,
    sub: account.id,
    email: account.email,
    email_verified: true,
    name: account.displayName,
    iat: now,
    exp: now + lifetimeSeconds,
  };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ typ: 'JWT', alg: 'none' })}.${encode(claims)}.`;
}
