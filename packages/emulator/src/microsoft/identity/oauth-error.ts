import { guid } from '../../server/random.js';
import { type EmulatorResponse, jsonResponse } from '../../server/response.js';

/** An error of the Microsoft identity platform token endpoint (wire reference D.1). */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    /** The OAuth `error`, e.g. `invalid_grant`. */
    readonly error: string,
    /** The AADSTS number, e.g. 70008. */
    readonly aadsts: number,
    readonly description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

/** The JSON body Microsoft sends for a token-endpoint error. */
export function oauthErrorResponse(
  error: OAuthError,
  now: number,
  headers: Record<string, string> = {},
): EmulatorResponse {
  const traceId = guid();
  const correlationId = guid();
  const timestamp = new Date(now)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return jsonResponse(
    error.status,
    {
      error: error.error,
      error_description: `AADSTS${error.aadsts}: ${error.description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [error.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${error.aadsts}`,
    },
    { 'cache-control': 'no-store', ...headers },
  );
}

/** invalid_grant with the given AADSTS number. */
export function invalidGrant(aadsts: number, description: string): OAuthError {
  return new OAuthError(400, 'invalid_grant', aadsts, description);
}

/** The description Microsoft gives for an expired code or refresh token (AADSTS70008). */
export const EXPIRED_GRANT =
  'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.';
