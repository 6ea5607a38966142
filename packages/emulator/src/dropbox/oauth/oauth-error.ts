import { type EmulatorResponse, jsonResponse } from '../../server/response.js';

/** An error of the token endpoint, as Dropbox sends it: `{ error, error_description }`. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    /** `invalid_grant`, `invalid_client`, `invalid_request`, `unsupported_grant_type`, ... */
    readonly error: string,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

/** The JSON answer for a token-endpoint error. */
export function oauthErrorResponse(
  error: OAuthError,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(
    error.status,
    { error: error.error, error_description: error.description },
    { 'cache-control': 'no-store', ...headers },
  );
}

/** What Dropbox says for a dead refresh token. */
export const REVOKED_REFRESH_TOKEN = 'refresh token is invalid or revoked';
