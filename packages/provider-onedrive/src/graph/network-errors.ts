import { cancelledError, connectionFailedError, PolydriveError } from '@polydrive/core';
import type { ErrorContext } from './graph-errors.js';

/**
 * Maps an exception from `fetch` or from reading a body: an abort becomes Cancelled (or the
 * signal's own PolydriveError, e.g. a timeout), a PolydriveError passes through, and anything
 * else (TypeError "fetch failed", ECONNRESET, "terminated") is a Transient network failure (not
 * retryable after an unexpected redirect, see connectionFailedError).
 */
export function networkError(
  err: unknown,
  signal: AbortSignal | undefined,
  context: ErrorContext,
): PolydriveError {
  if (err instanceof PolydriveError) return err;
  if (signal?.aborted) return cancelledError(signal, context.operation);
  if (err instanceof Error && err.name === 'AbortError') {
    return new PolydriveError('Cancelled', {
      message: 'The request was aborted.',
      provider: 'onedrive',
      ...context,
      cause: err,
    });
  }
  return connectionFailedError(err, 'OneDrive', { provider: 'onedrive', ...context });
}
