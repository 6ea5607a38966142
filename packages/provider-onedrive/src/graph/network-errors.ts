import { type PolydriveError, requestFailedError } from '@polydrive/core';
import type { ErrorContext } from './graph-errors.js';

/**
 * Maps an exception from `fetch` or from reading a body (see core's requestFailedError): an abort
 * becomes Cancelled (or the signal's own PolydriveError, e.g. a timeout), a PolydriveError passes
 * through, and anything else (TypeError "fetch failed", ECONNRESET, "terminated") is a Transient
 * network failure (not retryable after an unexpected redirect).
 */
export function networkError(
  err: unknown,
  signal: AbortSignal | undefined,
  context: ErrorContext,
): PolydriveError {
  return requestFailedError(err, signal, 'OneDrive', { provider: 'onedrive', ...context });
}
