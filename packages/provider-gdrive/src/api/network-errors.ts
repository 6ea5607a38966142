import { type PolydriveError, requestFailedError } from '@polydrive/core';
import type { ErrorContext } from './google-errors.js';

/**
 * Maps an exception from a request or from reading a body (see core's requestFailedError): an
 * abort becomes Cancelled (or the signal's own PolydriveError, e.g. a timeout), a PolydriveError
 * passes through, and anything else (fetch failed, ECONNRESET, terminated) is a Transient network
 * failure (not retryable after an unexpected redirect). gaxios wraps fetch errors with the
 * request's configuration, headers included: only the underlying error is kept.
 */
export function networkError(
  err: unknown,
  signal: AbortSignal | undefined,
  context: ErrorContext,
): PolydriveError {
  const underlying = isGaxiosError(err) ? err.cause : err;
  return requestFailedError(underlying, signal, 'Google Drive', { provider: 'gdrive', ...context });
}

function isGaxiosError(err: unknown): err is Error & { cause?: unknown; config?: unknown } {
  return err instanceof Error && (err.name === 'GaxiosError' || 'config' in err);
}
