import {
  type ErrorCode,
  PolydriveError,
  parseRetryAfter,
  REQUEST_ID_HEADERS,
} from '@polydrive/core';

/** Where a failed request came from, for the error's context. */
export interface ErrorContext {
  readonly operation?: string;
  readonly target?: string;
}

/** A Drive error, read from a response: status, reason, domain, message, Retry-After. */
export interface DriveFailure {
  readonly status: number;
  readonly reason?: string;
  readonly domain?: string;
  readonly message?: string;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
}

interface DriveErrorBody {
  readonly error?: {
    readonly message?: string;
    readonly errors?: ReadonlyArray<{ readonly reason?: string; readonly domain?: string }>;
  };
}

const PROVIDER = 'gdrive';

/** Reasons Drive asks clients to back off on (wire reference B.8). */
const RATE_LIMIT_REASONS = new Set([
  'userRateLimitExceeded',
  'rateLimitExceeded',
  'sharingRateLimitExceeded',
]);

/** Reads a Drive error from a status, headers and a body that may be JSON, text or nothing. */
export function driveFailure(
  status: number,
  body: unknown,
  header: (name: string) => string | null | undefined,
): DriveFailure {
  let parsed: DriveErrorBody | undefined;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body) as DriveErrorBody;
    } catch {
      parsed = undefined;
    }
  } else if (body && typeof body === 'object') {
    parsed = body as DriveErrorBody;
  }
  const detail = parsed?.error?.errors?.[0];
  const retryAfterMs = parseRetryAfter(header('retry-after') ?? null);
  // Not x-guploader-uploadid: it repeats a resumable session's upload_id, which must not leak.
  const requestId = REQUEST_ID_HEADERS.map((name) => header(name)).find(Boolean) ?? undefined;
  return {
    status,
    ...(detail?.reason ? { reason: detail.reason } : {}),
    ...(detail?.domain ? { domain: detail.domain } : {}),
    ...(typeof parsed?.error?.message === 'string' ? { message: parsed.error.message } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

function classify(failure: DriveFailure): {
  code: ErrorCode;
  retryable?: boolean;
  advice?: string;
  message?: string;
} {
  const { status, reason } = failure;
  if (status === 401) return { code: 'Unauthenticated' };
  if (reason === 'storageQuotaExceeded') {
    return {
      code: 'QuotaExceeded',
      retryable: false,
      message: "Google Drive's storage quota is used up; the request is not retried.",
      advice: 'Free up space (empty the trash too) or buy more storage, then try again.',
    };
  }
  if (reason === 'dailyLimitExceeded') {
    return {
      code: 'RateLimited',
      retryable: false,
      advice:
        "The Google Cloud project's daily Drive API quota is used up; wait for it to reset (midnight Pacific time) or raise it in the Cloud console.",
    };
  }
  if (
    status === 429 ||
    (reason !== undefined && RATE_LIMIT_REASONS.has(reason)) ||
    failure.domain === 'usageLimits'
  ) {
    return { code: 'RateLimited' };
  }
  if (
    reason === 'fileNotDownloadable' ||
    reason === 'fileNotExportable' ||
    reason === 'exportSizeLimitExceeded'
  ) {
    return { code: 'Unsupported' };
  }
  if (reason === 'teamDrivesFolderMoveInNotSupported') return { code: 'Unsupported' };
  if (reason === 'cannotAddParent' || reason === 'fieldNotWritable')
    return { code: 'InvalidArgument' };
  if (status === 404 || reason === 'notFound') return { code: 'NotFound' };
  if (status === 403) return { code: 'PermissionDenied' };
  if (status === 412) return { code: 'PreconditionFailed' };
  if (status === 409) return { code: 'Conflict' };
  if (status === 416)
    return { code: 'InvalidArgument', advice: 'Ask for a byte range inside the file.' };
  if (status >= 500 || status === 408) return { code: 'Transient' };
  return { code: 'InvalidArgument' };
}

/** Maps a Drive failure to a PolydriveError, keeping status, reason and Retry-After. */
export function driveError(
  failure: DriveFailure,
  context: ErrorContext,
  override?: { code?: ErrorCode; message?: string; advice?: string },
): PolydriveError {
  const classified = classify(failure);
  const said = failure.message ? ` Google said: ${failure.message}` : '';
  const reason = failure.reason ? ` (${failure.reason})` : '';
  const advice = override?.advice ?? classified.advice;
  return new PolydriveError(override?.code ?? classified.code, {
    message:
      override?.message ??
      classified.message ??
      `Google Drive answered HTTP ${failure.status}${reason}.${said}`,
    ...(advice !== undefined ? { advice } : {}),
    ...(classified.retryable !== undefined ? { retryable: classified.retryable } : {}),
    provider: PROVIDER,
    ...context,
    httpStatus: failure.status,
    ...(failure.reason !== undefined ? { providerCode: failure.reason } : {}),
    ...(failure.requestId !== undefined ? { requestId: failure.requestId } : {}),
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
  });
}

/** Reads a fetch Response's error body and maps it. */
export async function errorFromResponse(
  response: Response,
  context: ErrorContext,
): Promise<PolydriveError> {
  const text = await response.text().catch(() => '');
  return driveError(
    driveFailure(response.status, text, (name) => response.headers.get(name)),
    context,
  );
}
