import { errnoCode } from '../errors/errno.js';
import { PolydriveError } from '../errors/polydrive-error.js';

// How deep to look through causes, bodies and responses for an OAuth error code.
const MAX_DEPTH = 5;
// RFC 6749 section 5.2 codes, plus the OpenID Connect ones Microsoft answers a refresh with.
const OAUTH_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
  'interaction_required',
  'login_required',
  'consent_required',
]);

function findOAuthCode(value: unknown, depth: number): string | undefined {
  if (depth > MAX_DEPTH || value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    if (value.includes('invalid_grant')) return 'invalid_grant';
    try {
      return findOAuthCode(JSON.parse(value), depth + 1);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  for (const field of [record.error, record.errorCode]) {
    if (typeof field === 'string' && OAUTH_CODES.has(field)) return field;
  }
  for (const nested of [record.error, record.body, record.data, record.response, record.cause]) {
    const found = findOAuthCode(nested, depth + 1);
    if (found) return found;
  }
  return typeof record.message === 'string' && record.message.includes('invalid_grant')
    ? 'invalid_grant'
    : undefined;
}

// Codes meaning the refresh token is dead and only a new sign-in helps.
const SIGN_IN_AGAIN_CODES = new Set([
  'invalid_grant',
  'interaction_required',
  'login_required',
  'consent_required',
]);

/**
 * The OAuth error code (RFC 6749 section 5.2, e.g. `invalid_grant`) carried by an error from a
 * token endpoint or an OAuth library: as `error` or `errorCode`, in a JSON or text body, in an
 * HTTP response's data, or in a cause.
 */
export function oauthErrorCode(err: unknown): string | undefined {
  return findOAuthCode(err, 0);
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode, response } = err as Record<string, unknown>;
  for (const candidate of [status, statusCode]) {
    if (typeof candidate === 'number') return candidate;
  }
  return typeof response === 'object' && response !== null ? httpStatusOf(response) : undefined;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The network failure behind `err` (a system error code, or `timeout`), if it is one. */
function networkFailure(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth <= MAX_DEPTH; depth++) {
    const code = errnoCode(e);
    if (code && NETWORK_CODES.has(code)) return code;
    if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'ConnectTimeoutError')) {
      return 'timeout';
    }
    e = e instanceof Error ? e.cause : undefined;
  }
  // fetch (undici) reports an unreachable host as a bare TypeError('fetch failed').
  return err instanceof TypeError && err.message === 'fetch failed' ? 'fetch failed' : undefined;
}

/**
 * Turns whatever a refresh function threw into a PolydriveError. Nothing from the original error
 * is copied into the message or kept as `cause`: OAuth libraries put request bodies (with refresh
 * tokens) on their errors.
 */
export function refreshError(err: unknown, provider: string | undefined): PolydriveError {
  const account = provider ?? 'this account';
  const code = oauthErrorCode(err);
  if (code && SIGN_IN_AGAIN_CODES.has(code)) {
    return new PolydriveError('Unauthenticated', {
      message: `The saved login for ${account} is no longer valid (expired or revoked).`,
      advice: 'Re-connect the account.',
      provider,
      operation: 'refresh',
      providerCode: code,
    });
  }
  if (err instanceof PolydriveError) return err.withContext({ provider, operation: 'refresh' });
  const status = httpStatusOf(err);
  if (status === 429) {
    return new PolydriveError('RateLimited', {
      message: `The token endpoint of ${account} is rate limiting the refresh.`,
      provider,
      operation: 'refresh',
      httpStatus: status,
      providerCode: code,
    });
  }
  const network = networkFailure(err);
  if (
    network ||
    code === 'temporarily_unavailable' ||
    code === 'server_error' ||
    (status !== undefined && (status === 408 || status >= 500))
  ) {
    return new PolydriveError('Transient', {
      message: `Could not refresh the login for ${account}${network ? ` (network: ${network})` : ''}.`,
      advice: 'Check the network connection and retry.',
      provider,
      operation: 'refresh',
      httpStatus: status,
      providerCode: code,
    });
  }
  if (code) {
    return new PolydriveError('Unauthenticated', {
      message: `The token endpoint of ${account} refused the refresh.`,
      advice:
        "Check the app's OAuth client settings (client id, secret, scopes), then re-connect the account.",
      provider,
      operation: 'refresh',
      httpStatus: status,
      providerCode: code,
    });
  }
  const kind = err instanceof Error ? err.name : typeof err;
  return new PolydriveError('Internal', {
    message: `Refreshing the login for ${account} failed with an unexpected ${kind}.`,
    provider,
    operation: 'refresh',
    httpStatus: status,
  });
}
