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
