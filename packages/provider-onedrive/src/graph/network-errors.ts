import { cancelledError, PolydriveError } from '@polydrive/core';
import type { ErrorContext } from './graph-errors.js';

/**
 * Maps an exception from `fetch` or from reading a body: an abort becomes Cancelled (or the
 * signal's own PolydriveError, e.g. a timeout), a PolydriveError passes through, and anything
 * else (TypeError "fetch failed", ECONNRESET, "terminated") is a Transient network failure.
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
  const reason = describeNetworkFailure(err);
  return new PolydriveError('Transient', {
    message: `The connection to OneDrive failed (${reason}).`,
    advice: 'Check the network and retry; the retry layer does this for you when it is enabled.',
    provider: 'onedrive',
    ...context,
    cause: err,
  });
}

function describeNetworkFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  // Undici's "fetch failed" says nothing; its cause says what went wrong ("unexpected redirect").
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return err.message;
}
