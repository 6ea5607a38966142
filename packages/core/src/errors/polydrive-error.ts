/** Every way a storage operation can fail, independent of the provider. */
export type ErrorCode =
  | 'NotFound'
  | 'AlreadyExists'
  | 'NotAFolder'
  | 'NotAFile'
  | 'PreconditionFailed'
  | 'InvalidArgument'
  | 'PermissionDenied'
  | 'Unauthenticated'
  | 'RateLimited'
  | 'QuotaExceeded'
  | 'Unsupported'
  | 'Transient'
  | 'Cancelled'
  | 'Conflict'
  | 'IntegrityError'
  | 'Internal';

/** Codes that are worth retrying by default: the same request may well succeed later. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set(['RateLimited', 'Transient']);

/** What to tell the user to do, per code, when the thrower gave no advice of its own. */
const DEFAULT_ADVICE: Record<ErrorCode, string> = {
  NotFound: 'Check the path or id; list the parent folder to see what is there.',
  AlreadyExists: "Choose another name, or pass conflict: 'replace' or 'rename'.",
  NotAFolder: 'The target is a file; use its parent folder instead.',
  NotAFile: 'The target is a folder; list it, or name a file inside it.',
  PreconditionFailed: 'The item changed since you read it; read it again and retry.',
  InvalidArgument: 'Fix the argument and call again.',
  PermissionDenied: 'Ask the owner for access, or connect an account that has it.',
  Unauthenticated: 'Re-connect the account (log in again).',
  RateLimited: 'Wait and retry; the retry layer does this for you when it is enabled.',
  QuotaExceeded: 'Free up space or raise the storage quota; retrying will not help.',
  Unsupported: "Check the provider's capabilities before calling this.",
  Transient: 'Retry the operation; the provider had a temporary problem.',
  Cancelled: 'The operation was cancelled; start it again if you still need it.',
  Conflict: 'Another change got there first; refresh and retry.',
  IntegrityError: 'The stored bytes do not match what was sent; upload the file again.',
  Internal: 'This is a bug in Polydrive or the provider adapter; please report it.',
};

/** The context an error carries. Every field but `code` is optional. */
export interface PolydriveErrorInit {
  /** What happened, in one sentence. Advice on what to do is appended unless `advice` is ''. */
  message: string;
  /** What to do about it; defaults to advice for the code. */
  advice?: string;
  retryable?: boolean;
  /** How long to wait before retrying, when the provider said so (Retry-After). */
  retryAfterMs?: number;
  /** Provider name, e.g. `onedrive`. */
  provider?: string;
  /** Operation name, e.g. `stat`, `write`. */
  operation?: string;
  /** The path or id the operation was about. */
  target?: string;
  /** HTTP status of the provider's answer, when there was one. */
  httpStatus?: number;
  /** The provider's own error code, e.g. `itemNotFound`, `path/not_found`. */
  providerCode?: string;
  /** The provider's request id, for support tickets. */
  requestId?: string;
  cause?: unknown;
}

/** The one error class Polydrive throws. Switch on `code`; read `retryable` before retrying. */
export class PolydriveError extends Error {
  override readonly name = 'PolydriveError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly provider?: string;
  readonly operation?: string;
  readonly target?: string;
  readonly httpStatus?: number;
  readonly providerCode?: string;
  readonly requestId?: string;
  /** The message without the context suffix and advice. */
  readonly summary: string;
  readonly advice: string;

  constructor(code: ErrorCode, init: PolydriveErrorInit) {
    const advice = init.advice ?? DEFAULT_ADVICE[code];
    super(composeMessage(code, init, advice), { cause: init.cause });
    this.code = code;
    this.summary = init.message;
    this.advice = advice;
    this.retryable = init.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.provider !== undefined) this.provider = init.provider;
    if (init.operation !== undefined) this.operation = init.operation;
    if (init.target !== undefined) this.target = init.target;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.providerCode !== undefined) this.providerCode = init.providerCode;
    if (init.requestId !== undefined) this.requestId = init.requestId;
  }

  /** A copy with more context filled in (fields already set win). Used by the facade and layers. */
  withContext(ctx: Pick<PolydriveErrorInit, 'provider' | 'operation' | 'target'>): PolydriveError {
    if (
      (this.provider || !ctx.provider) &&
      (this.operation || !ctx.operation) &&
      (this.target || !ctx.target)
    ) {
      return this;
    }
    const copy = new PolydriveError(this.code, {
      ...this.toInit(),
      provider: this.provider ?? ctx.provider,
      operation: this.operation ?? ctx.operation,
      target: this.target ?? ctx.target,
    });
    copy.stack = this.stack;
    return copy;
  }

  /** A plain object for logs and JSON APIs; never contains credentials. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      provider: this.provider,
      operation: this.operation,
      target: this.target,
      httpStatus: this.httpStatus,
      providerCode: this.providerCode,
      requestId: this.requestId,
    };
  }

  private toInit(): PolydriveErrorInit {
    return {
      message: this.summary,
      advice: this.advice,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      httpStatus: this.httpStatus,
      providerCode: this.providerCode,
      requestId: this.requestId,
      cause: this.cause,
    };
  }
}

function composeMessage(code: ErrorCode, init: PolydriveErrorInit, advice: string): string {
  const where = [
    init.provider,
    init.operation,
    init.target !== undefined ? JSON.stringify(init.target) : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  const details = [
    init.httpStatus !== undefined ? `HTTP ${init.httpStatus}` : undefined,
    init.providerCode,
    init.requestId ? `request-id ${init.requestId}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  let msg = `${code}: ${init.message}`;
  if (where) msg += ` [${where}]`;
  if (details) msg += ` (${details})`;
  if (advice) msg += ` ${advice}`;
  return msg;
}

/** True when `err` is a PolydriveError, optionally with one of the given codes. */
export function isPolydriveError(err: unknown, ...codes: ErrorCode[]): err is PolydriveError {
  return err instanceof PolydriveError && (codes.length === 0 || codes.includes(err.code));
}

/** The error to throw when an AbortSignal fired. */
export function cancelledError(
  signal: AbortSignal | undefined,
  operation?: string,
): PolydriveError {
  const reason = signal?.reason;
  if (reason instanceof PolydriveError) return reason;
  return new PolydriveError('Cancelled', {
    message: 'The operation was aborted.',
    operation,
    cause: reason,
  });
}

/** Throws the Cancelled error when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, operation?: string): void {
  if (signal?.aborted) throw cancelledError(signal, operation);
}
