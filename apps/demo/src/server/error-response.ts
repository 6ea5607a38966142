import { type ErrorCode, isPolydriveError, PolydriveError } from '@polydrive/core';

/** The HTTP status the API answers each error code with. */
const STATUS: Record<ErrorCode, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  NotAFolder: 400,
  NotAFile: 400,
  PreconditionFailed: 412,
  InvalidArgument: 400,
  PermissionDenied: 403,
  Unauthenticated: 401,
  RateLimited: 429,
  QuotaExceeded: 507,
  Unsupported: 501,
  Transient: 503,
  Cancelled: 400,
  Conflict: 409,
  IntegrityError: 502,
  Internal: 500,
};

/** The JSON body of every API error. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    /** What happened and what to do, in one message. */
    readonly message: string;
    readonly provider?: string;
    readonly retryAfterMs?: number;
  };
}

/**
 * An error as an API response: a PolydriveError keeps its code and message; anything else is an
 * Internal error whose details stay in the server log (`log`), never in the response.
 */
export function errorResponse(
  err: unknown,
  log: (line: string) => void,
  status?: number,
): Response {
  const error = isPolydriveError(err) ? err : internal(err, log);
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.provider ? { provider: error.provider } : {}),
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    },
  };
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (error.retryAfterMs !== undefined)
    headers['retry-after'] = String(Math.ceil(error.retryAfterMs / 1000));
  return Response.json(body, { status: status ?? STATUS[error.code], headers });
}

function internal(err: unknown, log: (line: string) => void): PolydriveError {
  log(`Unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return new PolydriveError('Internal', {
    message: 'The demo server failed unexpectedly.',
    advice: 'See the server output for details, and please report it.',
  });
}
