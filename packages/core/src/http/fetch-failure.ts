import { cancelledError, PolydriveError } from '../errors/polydrive-error.js';

/**
 * What went wrong in a failed request, in a few words for an error message: the system error code
 * (ECONNRESET, ENOTFOUND) when there is one, else the cause's message, since undici's own
 * "fetch failed" says nothing ("unexpected redirect", "other side closed"), else the message.
 */
export function fetchFailureReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause;
  if (cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  if (cause instanceof Error && cause.message !== '') return cause.message;
  return err.message;
}

/**
 * Whether fetch failed because a request sent with `redirect: 'error'` was redirected. The APIs
 * that Polydrive calls that way never redirect, so a proxy or a wrong base URL is in the way, and
 * retrying will not help.
 */
export function isUnexpectedRedirect(err: unknown): boolean {
  return (
    err instanceof Error &&
    err.cause instanceof Error &&
    err.cause.message === 'unexpected redirect'
  );
}

/** Where a failed request came from, for its error. */
export interface ConnectionFailureContext {
  readonly provider: string;
  readonly operation?: string;
  readonly target?: string;
}

/**
 * The PolydriveError for what a request (fetch, or reading its body) threw: a PolydriveError as
 * it is; Cancelled when `signal` fired (its own reason, e.g. a timeout) or on any other abort; else
 * Transient and retryable, saying why (fetchFailureReason), except after an unexpected redirect,
 * which no retry mends. `service` is the name users know (OneDrive, Dropbox).
 */
export function requestFailedError(
  err: unknown,
  signal: AbortSignal | undefined,
  service: string,
  context: ConnectionFailureContext,
): PolydriveError {
  if (err instanceof PolydriveError) return err;
  if (signal?.aborted) return cancelledError(signal, context.operation);
  if (err instanceof Error && err.name === 'AbortError') {
    return new PolydriveError('Cancelled', {
      message: 'The request was aborted.',
      ...fields(context),
      cause: err,
    });
  }
  const redirected = isUnexpectedRedirect(err);
  return new PolydriveError('Transient', {
    message: `The connection to ${service} failed (${fetchFailureReason(err)}).`,
    advice: redirected
      ? `${service} does not redirect this call: check the base URL options and any proxy between this app and ${service}.`
      : 'Check the network and retry; the retry layer does this for you when it is enabled.',
    ...(redirected ? { retryable: false } : {}),
    ...fields(context),
    cause: err,
  });
}

function fields(context: ConnectionFailureContext) {
  return {
    provider: context.provider,
    ...(context.operation !== undefined ? { operation: context.operation } : {}),
    ...(context.target !== undefined ? { target: context.target } : {}),
  };
}
