import { type ErrorCode, PolydriveError, parseRetryAfter, requestIdOf } from '@polydrive/core';

/** Where a failed request came from, for the error's context. */
export interface ErrorContext {
  readonly operation?: string;
  readonly target?: string;
}

/** The `error` object of a Graph error body; detail codes nest in `innererror`. */
interface GraphErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly innerError?: GraphInnerError;
  readonly innererror?: GraphInnerError;
}

interface GraphInnerError {
  readonly code?: string;
  readonly 'request-id'?: string;
  readonly innerError?: GraphInnerError;
  readonly innererror?: GraphInnerError;
}

/** A Graph error, read from a response: status, code chain, message and request id. */
export interface GraphFailure {
  readonly status: number;
  /** The top-level code first, then each nested detail code. */
  readonly codes: readonly string[];
  readonly message?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
}

const PROVIDER = 'onedrive';

/** Reads a Graph error response (JSON or not) without throwing. */
export async function readGraphFailure(response: Response): Promise<GraphFailure> {
  let error: GraphErrorBody | undefined;
  try {
    const body = (await response.json()) as { error?: GraphErrorBody } | null;
    if (body && typeof body.error === 'object') error = body.error;
  } catch {
    // Not JSON (a proxy's HTML page, an empty 503): the status alone has to do.
  }
  const codes: string[] = [];
  let requestId = requestIdOf(response.headers);
  let inner: GraphErrorBody | GraphInnerError | undefined = error;
  for (let depth = 0; inner && depth < 10; depth++) {
    if (typeof inner.code === 'string') codes.push(inner.code);
    if (!requestId && 'request-id' in inner) requestId = inner['request-id'];
    inner = inner.innererror ?? inner.innerError;
  }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  return {
    status: response.status,
    codes,
    ...(typeof error?.message === 'string' ? { message: error.message } : {}),
    ...(requestId ? { requestId } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

function classify(failure: GraphFailure): { code: ErrorCode; advice?: string } {
  const has = (c: string) => failure.codes.includes(c);
  const { status } = failure;
  if (status === 401 || has('unauthenticated') || has('InvalidAuthenticationToken')) {
    return { code: 'Unauthenticated' };
  }
  if (status === 507 || has('quotaLimitReached') || has('insufficientStorage')) {
    return { code: 'QuotaExceeded' };
  }
  if (status === 429 || has('activityLimitReached')) return { code: 'RateLimited' };
  if (status === 412 || has('resourceModified') || has('entityTagDoesNotMatch')) {
    return { code: 'PreconditionFailed' };
  }
  if (has('nameAlreadyExists')) return { code: 'AlreadyExists' };
  if (status === 404 || has('itemNotFound')) return { code: 'NotFound' };
  if (status === 403 || has('accessDenied')) return { code: 'PermissionDenied' };
  if (status === 501 || has('notSupported')) return { code: 'Unsupported' };
  if (status === 409 || status === 423) return { code: 'Conflict' };
  if (status === 416 || has('invalidRange')) {
    return { code: 'InvalidArgument', advice: 'Ask for a byte range inside the file.' };
  }
  if (status >= 500) return { code: 'Transient' };
  return { code: 'InvalidArgument' };
}

/** Maps a Graph failure to a PolydriveError, keeping status, code and request id. */
export function graphError(
  failure: GraphFailure,
  context: ErrorContext,
  override?: { code?: ErrorCode; message?: string; advice?: string },
): PolydriveError {
  const classified = classify(failure);
  const advice = override?.advice ?? classified.advice;
  const graphSaid = failure.message ? ` Graph said: ${failure.message}` : '';
  const detail = failure.codes.length > 1 ? ` (${failure.codes.slice(1).join(' > ')})` : '';
  return new PolydriveError(override?.code ?? classified.code, {
    message: override?.message ?? `OneDrive answered HTTP ${failure.status}${detail}.${graphSaid}`,
    ...(advice !== undefined ? { advice } : {}),
    provider: PROVIDER,
    ...context,
    httpStatus: failure.status,
    ...(failure.codes[0] !== undefined ? { providerCode: failure.codes[0] } : {}),
    ...(failure.requestId !== undefined ? { requestId: failure.requestId } : {}),
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
  });
}

/** Reads and maps an error response in one go. */
export async function errorFromResponse(
  response: Response,
  context: ErrorContext,
): Promise<PolydriveError> {
  return graphError(await readGraphFailure(response), context);
}
