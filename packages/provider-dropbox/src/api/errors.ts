import {
  type ErrorCode,
  PolydriveError,
  parseRetryAfter,
  requestFailedError,
  requestIdOf,
} from '@polydrive/core';

/** Where a failed call came from, for the error's context. */
export interface ErrorContext {
  readonly operation: string;
  readonly target?: string;
  /** The call carried an expected rev (ifMatch): a conflict then means the item changed. */
  readonly ifMatch?: boolean;
}

/** A Dropbox error answer, read: status, the tag chain of `error_summary`, the nested error. */
export interface DropboxFailure {
  readonly status: number;
  /** `path/not_found/..` as `['path', 'not_found']`. */
  readonly tags: readonly string[];
  /** The `error` union value, when the body was JSON. */
  readonly error?: unknown;
  /** A plain-text body (400s, 5xx). */
  readonly text?: string;
  readonly retryAfterMs?: number;
  readonly requestId?: string;
}

const PROVIDER = 'dropbox';

/**
 * What a tag means, looked up for the first known tag of the summary (the leading ones name the
 * argument: `path`, `to`, `from_lookup`, `lookup_failed`, ...). Dropbox asks clients to match
 * `error_summary` by prefix, because its tail (the dots) varies.
 */
const TAGS: Record<string, { code: ErrorCode; message: string; advice?: string }> = {
  not_found: { code: 'NotFound', message: 'Nothing is there on Dropbox.' },
  invalid_file: { code: 'NotFound', message: 'No such file on Dropbox.' },
  invalid_id: { code: 'NotFound', message: 'No such shared folder on Dropbox.' },
  not_a_member: { code: 'NotFound', message: 'That person has no access to the item.' },
  no_explicit_access: {
    code: 'NotFound',
    message: 'That person has no access of their own to the item.',
  },
  shared_link_not_found: { code: 'NotFound', message: 'No such shared link.' },
  invalid_async_job_id: { code: 'NotFound', message: 'Dropbox no longer knows the sharing job.' },
  not_folder: { code: 'NotAFolder', message: 'The item is a file, not a folder.' },
  file_ancestor: {
    code: 'NotAFolder',
    message: 'A file is in the way: a folder on the path is a file.',
  },
  not_file: { code: 'NotAFile', message: 'The item is a folder, not a file.' },
  is_folder: { code: 'NotAFile', message: 'The item is a folder, not a file.' },
  conflict: { code: 'AlreadyExists', message: 'Something already has that name.' },
  shared_link_already_exists: {
    code: 'AlreadyExists',
    message: 'The item already has such a link.',
  },
  already_shared: { code: 'AlreadyExists', message: 'The folder is already shared.' },
  malformed_path: { code: 'InvalidArgument', message: 'Dropbox refuses this path.' },
  disallowed_name: {
    code: 'InvalidArgument',
    message: 'Dropbox does not store items with this name.',
    advice: 'Choose another name.',
  },
  cant_move_folder_into_itself: {
    code: 'InvalidArgument',
    message: 'A folder cannot go inside itself.',
    advice: 'Choose a destination outside the folder.',
  },
  duplicated_or_nested_paths: { code: 'InvalidArgument', message: 'The paths overlap.' },
  cant_nest_shared_folder: {
    code: 'InvalidArgument',
    message: 'A shared folder cannot go inside another shared folder.',
  },
  cant_copy_shared_folder: {
    code: 'InvalidArgument',
    message: 'Dropbox cannot copy a shared folder.',
  },
  cant_move_shared_folder: {
    code: 'InvalidArgument',
    message: 'Dropbox cannot move this shared folder.',
  },
  inside_shared_folder: {
    code: 'InvalidArgument',
    message: 'The folder is inside a shared folder.',
  },
  contains_shared_folder: { code: 'InvalidArgument', message: 'The folder holds a shared folder.' },
  folder_owner: { code: 'InvalidArgument', message: "The owner's access cannot be removed." },
  too_many_files: {
    code: 'InvalidArgument',
    message: 'The operation touches more files than Dropbox allows at once.',
    advice: 'Split it into smaller operations.',
  },
  payload_too_large: {
    code: 'InvalidArgument',
    message: 'The request body is over the 150 MiB Dropbox takes per request.',
    advice: 'Use a smaller chunk size or upload threshold.',
  },
  too_large: { code: 'InvalidArgument', message: 'The file is larger than Dropbox allows.' },
  not_closed: {
    code: 'InvalidArgument',
    message: 'The upload session was not closed before its commit.',
  },
  reset: {
    code: 'InvalidArgument',
    message: 'The cursor has expired; Dropbox can no longer say what changed since it.',
    advice: 'List again from scratch, then start a new feed with changes() and no cursor.',
  },
  incorrect_offset: {
    code: 'Conflict',
    message: 'Dropbox holds a different number of bytes of this upload than expected.',
    advice: 'Ask for the upload status and continue from its offset.',
  },
  closed: {
    code: 'NotFound',
    message: 'The upload session is closed: it was cancelled or already finished.',
    advice: 'Start the upload again.',
  },
  content_hash_mismatch: {
    code: 'IntegrityError',
    message: 'Dropbox received bytes that do not match their content hash.',
  },
  insufficient_space: { code: 'QuotaExceeded', message: 'The Dropbox is full.' },
  insufficient_quota: { code: 'QuotaExceeded', message: 'The Dropbox is full.' },
  no_write_permission: { code: 'PermissionDenied', message: 'The app may not write there.' },
  no_permission: { code: 'PermissionDenied', message: 'The account may not do this.' },
  team_folder: { code: 'PermissionDenied', message: 'Team folders cannot be changed this way.' },
  restricted_content: { code: 'PermissionDenied', message: 'Dropbox restricts this content.' },
  email_unverified: {
    code: 'PermissionDenied',
    message: 'The account must verify its email address first.',
  },
  unsupported_file: { code: 'Unsupported', message: 'Dropbox cannot download this kind of file.' },
  too_many_write_operations: {
    code: 'RateLimited',
    message: 'Too many writes at once in this Dropbox.',
  },
};

/** The tags of an `error_summary`: the chain without the trailing dots. */
export function summaryTags(summary: string): string[] {
  return summary.split('/').filter((tag) => tag !== '' && !/^\.+$/.test(tag));
}

/** The tags of a union value (`{".tag": "path", "path": {".tag": "not_found"}}`). */
export function unionTags(value: unknown): string[] {
  const tags: string[] = [];
  let current = value;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth++) {
    const record = current as Record<string, unknown>;
    const tag = record['.tag'];
    if (typeof tag !== 'string') break;
    tags.push(tag);
    current = record[tag] ?? record.reason;
  }
  return tags;
}

/** Reads a failure from what the SDK (or a raw response) gave: status, headers and body. */
export function readFailure(status: number, headers: Headers, body: unknown): DropboxFailure {
  const retryAfter = parseRetryAfter(headers.get('retry-after'));
  const json = body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  const summary = typeof json?.error_summary === 'string' ? json.error_summary : undefined;
  const nested = json?.error as { retry_after?: unknown; reason?: unknown } | undefined;
  const bodyRetry = typeof nested?.retry_after === 'number' ? nested.retry_after * 1000 : undefined;
  const requestId = requestIdOf(headers);
  const tags = summary ? summaryTags(summary) : unionTags(nested?.reason ?? nested);
  return {
    status,
    tags,
    ...(json ? { error: nested } : {}),
    ...(typeof body === 'string' && body !== '' ? { text: body.slice(0, 500) } : {}),
    ...((retryAfter ?? bodyRetry) !== undefined ? { retryAfterMs: retryAfter ?? bodyRetry } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/** Turns a Dropbox error answer into a PolydriveError with advice. */
export function failureError(failure: DropboxFailure, context: ErrorContext): PolydriveError {
  const base = {
    provider: PROVIDER,
    operation: context.operation,
    ...(context.target !== undefined ? { target: context.target } : {}),
    httpStatus: failure.status,
    ...(failure.tags.length > 0 ? { providerCode: failure.tags.join('/') } : {}),
    ...(failure.requestId ? { requestId: failure.requestId } : {}),
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
  };
  const { status } = failure;
  if (status === 401) {
    if (failure.tags.includes('missing_scope')) {
      const scope = (failure.error as { required_scope?: unknown } | undefined)?.required_scope;
      return new PolydriveError('PermissionDenied', {
        ...base,
        message: `The app lacks the scope ${typeof scope === 'string' ? scope : 'this call needs'}.`,
        advice: 'Enable the scope in the App Console (Permissions tab), then log in again.',
      });
    }
    return new PolydriveError('Unauthenticated', {
      ...base,
      message: `Dropbox refused the access token (${failure.tags[0] ?? 'unauthorized'}).`,
    });
  }
  if (status === 429 || failure.tags.includes('too_many_write_operations')) {
    return new PolydriveError('RateLimited', {
      ...base,
      message: failure.tags.includes('too_many_write_operations')
        ? 'Too many writes at once in this Dropbox.'
        : 'Dropbox is rate limiting this app.',
    });
  }
  if (status >= 500) {
    return new PolydriveError('Transient', {
      ...base,
      message: `Dropbox had a problem (HTTP ${status}).`,
    });
  }
  if (status === 400) {
    return new PolydriveError('InvalidArgument', {
      ...base,
      message: `Dropbox refused the request: ${failure.text ?? 'bad input'}`,
      advice: 'This is likely a bug in the Dropbox adapter; please report it.',
    });
  }
  if (status === 403) {
    return new PolydriveError('PermissionDenied', {
      ...base,
      message: 'Dropbox denies this to the account or app.',
    });
  }
  const known = failure.tags.map((tag) => TAGS[tag]).find((entry) => entry !== undefined);
  if (known?.code === 'AlreadyExists' && context.ifMatch) {
    return new PolydriveError('PreconditionFailed', {
      ...base,
      message: 'The item changed since its rev (etag) was read.',
    });
  }
  if (known) {
    return new PolydriveError(known.code, {
      ...base,
      message: known.message,
      ...(known.advice ? { advice: known.advice } : {}),
      ...(known.code === 'Conflict' ? { retryable: true } : {}),
    });
  }
  return new PolydriveError('Internal', {
    ...base,
    message: `Dropbox answered with an error the adapter does not know (HTTP ${status}).`,
  });
}

/**
 * Maps what a call threw: a Dropbox error answer (the SDK's DropboxResponseError) by its status
 * and summary; anything else as core's requestFailedError does (an abort to Cancelled, a
 * PolydriveError as is, a dropped connection or "fetch failed" to Transient).
 */
export function callError(
  err: unknown,
  context: ErrorContext,
  signal: AbortSignal | undefined,
): PolydriveError {
  const failure = failureOf(err);
  if (failure) return failureError(failure, context);
  return requestFailedError(err, signal, 'Dropbox', { provider: PROVIDER, ...context });
}

/** The failure inside an SDK error (`{ status, headers, error }`), or undefined. */
export function failureOf(err: unknown): DropboxFailure | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const { status, headers, error } = err as {
    status?: unknown;
    headers?: unknown;
    error?: unknown;
  };
  if (typeof status !== 'number' || !(headers instanceof Headers)) return undefined;
  return readFailure(status, headers, error);
}

/** Reads a raw error response (downloads, passthrough) into a failure. */
export async function responseFailure(response: Response): Promise<DropboxFailure> {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return readFailure(response.status, response.headers, body);
}
