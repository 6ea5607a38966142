import { type EmulatorResponse, jsonResponse } from '../../server/response.js';

/** An error of Google's OAuth endpoints (wire reference D.2): `{ error, error_description }`. */
export class GoogleOAuthError extends Error {
  constructor(
    readonly status: number,
    /** The OAuth `error`, e.g. `invalid_grant`. */
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** The JSON body Google sends for a token-endpoint error. */
export function oauthErrorResponse(
  error: GoogleOAuthError,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(
    error.status,
    { error: error.error, error_description: error.description },
    {
      'cache-control': 'no-cache, no-store, max-age=0, must-revalidate',
      pragma: 'no-cache',
      ...headers,
    },
  );
}

/** invalid_grant, as for a dead refresh token or a bad code. */
export function invalidGrant(description: string): GoogleOAuthError {
  return new GoogleOAuthError(400, 'invalid_grant', description);
}

/** What Google says about an expired or revoked refresh token. */
export const EXPIRED_OR_REVOKED = 'Token has been expired or revoked.';
