import { PolydriveError, throwIfAborted } from '../errors/polydrive-error.js';
import { runWithAttempt } from '../http/attempt-context.js';
import type { Provider, ProviderOperation } from '../provider/provider.js';
import { raceAbort, sleep as realSleep, type Sleep } from './abort.js';
import { isIdempotent } from './idempotency.js';
import { signalOf } from './operations.js';
import { type Layer, type Next, type OperationCall, wrapProvider } from './wrap-provider.js';

/** What `onRetry` is told before each wait. */
export interface RetryInfo {
  readonly provider: string;
  readonly operation: ProviderOperation;
  /** The attempt that just failed, from 1. */
  readonly attempt: number;
  /** How long the layer waits before the next attempt. */
  readonly delayMs: number;
  readonly error: PolydriveError;
}

/** Options of the retry layer. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 5; 1 disables retries). */
  readonly maxAttempts?: number;
  /** Backoff cap of the first retry; it doubles with each attempt (default 500 ms). */
  readonly baseDelayMs?: number;
  /** Largest backoff (default 30 s). A longer Retry-After is still honoured. */
  readonly maxDelayMs?: number;
  /** Give up at once when the provider asks to wait longer than this (default 10 min). */
  readonly maxRetryAfterMs?: number;
  /** Uniform random numbers in [0, 1) for the jitter (default Math.random). */
  readonly random?: () => number;
  /** How to wait (default: a timer); tests inject one that records the delays. */
  readonly sleep?: Sleep;
  /** Called before each wait, e.g. to log retries. */
  readonly onRetry?: (info: RetryInfo) => void;
}

interface RetrySettings {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly random: () => number;
  readonly sleep: Sleep;
  readonly onRetry?: (info: RetryInfo) => void;
}

/**
 * A layer that retries failed calls with exponential backoff and full jitter
 * (a random wait in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1)))), never shorter than the
 * provider's Retry-After. Only errors with `retryable: true` are retried, and only where repeating
 * is safe: idempotent operations on any retryable error, the others only on `RateLimited` (the
 * provider refused before acting). Each attempt runs inside `currentAttempt()`.
 *
 * When it gives up it throws an error with the last error's code and fields, "Gave up after N
 * attempts" in its message and the last error as `cause`.
 */
export function retryLayer(options: RetryOptions = {}): Layer {
  const settings = resolveSettings(options);
  return (provider) => wrapProvider(provider, (call, next) => retryCall(call, next, settings));
}

/** `provider` with the retry layer around it. */
export function withRetry(provider: Provider, options?: RetryOptions): Provider {
  return retryLayer(options)(provider);
}

async function retryCall(call: OperationCall, next: Next, s: RetrySettings): Promise<unknown> {
  const { operation, args, provider } = call;
  const signal = signalOf(operation, args);
  const idempotent = isIdempotent(operation, args);
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal, operation);
    try {
      return await runWithAttempt(attempt, next);
    } catch (error) {
      if (!(error instanceof PolydriveError) || !isWorthRetrying(error, idempotent)) throw error;
      const context = { provider: provider.name, operation };
      const retryAfterMs = error.retryAfterMs ?? 0;
      if (retryAfterMs > s.maxRetryAfterMs) {
        throw gaveUp(error, attempt, context, waitTooLong(retryAfterMs, s.maxRetryAfterMs));
      }
      if (attempt >= s.maxAttempts) throw gaveUp(error, attempt, context);
      const delayMs = Math.max(backoff(attempt, s), retryAfterMs);
      s.onRetry?.({ provider: provider.name, operation, attempt, delayMs, error });
      await raceAbort(s.sleep(delayMs, signal), signal, operation);
    }
  }
}

function isWorthRetrying(error: PolydriveError, idempotent: boolean): boolean {
  return error.retryable && (idempotent || error.code === 'RateLimited');
}

function backoff(attempt: number, s: RetrySettings): number {
  const cap = Math.min(s.maxDelayMs, s.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(s.random() * cap);
}

function gaveUp(
  last: PolydriveError,
  attempts: number,
  context: { provider: string; operation: string },
  reason?: string,
): PolydriveError {
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  return new PolydriveError(last.code, {
    message: `${last.summary} Gave up after ${tries}${reason ? `: ${reason}` : ''}.`,
    advice:
      last.retryAfterMs === undefined
        ? last.advice
        : `Wait ${seconds(last.retryAfterMs)} before trying again.`,
    retryable: last.retryable,
    retryAfterMs: last.retryAfterMs,
    provider: last.provider ?? context.provider,
    operation: last.operation ?? context.operation,
    target: last.target,
    httpStatus: last.httpStatus,
    providerCode: last.providerCode,
    requestId: last.requestId,
    cause: last,
  });
}

function waitTooLong(retryAfterMs: number, maxRetryAfterMs: number): string {
  return `the provider asked to wait ${seconds(retryAfterMs)}, longer than maxRetryAfterMs (${seconds(maxRetryAfterMs)})`;
}

function seconds(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}

function resolveSettings(options: RetryOptions): RetrySettings {
  const settings: RetrySettings = {
    maxAttempts: options.maxAttempts ?? 5,
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 10 * 60_000,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? realSleep,
    onRetry: options.onRetry,
  };
  if (!Number.isInteger(settings.maxAttempts) || settings.maxAttempts < 1) {
    throw invalid(`maxAttempts must be an integer of at least 1, got ${settings.maxAttempts}.`);
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!(settings[key] >= 0)) throw invalid(`${key} must be 0 or more, got ${settings[key]}.`);
  }
  return settings;
}

function invalid(message: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `Invalid retry options: ${message}`,
    advice: 'Fix the option passed to retryLayer.',
  });
}
