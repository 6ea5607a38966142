import type { Provider } from '../provider/provider.js';
import { type FaultInjector, faultLayer } from './faults.js';
import type { Logger } from './logger.js';
import { type LoggingOptions, loggingLayer } from './logging.js';
import type { Pacer, PacerOptions } from './pacer.js';
import { pacerLayer } from './pacer-layer.js';
import { type RetryInfo, type RetryOptions, retryLayer } from './retry.js';
import { sharedPacer } from './shared-pacer.js';
import { type TimeoutOptions, timeoutLayer } from './timeout.js';
import type { Layer } from './wrap-provider.js';

/**
 * Wraps `provider` in `layers`, the first one outermost (closest to the caller). The order
 * `defaultLayers` uses, and why:
 *
 * caller -> logging -> retry -> pacer -> timeout -> faults -> provider
 *
 * - logging outside retry: one line and one metric per operation, with its whole duration;
 *   retries are reported through `onRetry`.
 * - retry outside pacer: every attempt waits for its own slot and token, and a backoff wait
 *   holds no slot.
 * - pacer outside timeout: time queued in the pacer does not count against the call's timeout,
 *   so a busy account does not turn into timeouts.
 * - timeout outside faults, faults innermost: injected errors look like the provider's own, so
 *   they are timed, pace the account (a RateLimited pauses it) and are retried like real ones.
 */
export function applyLayers(provider: Provider, layers: readonly Layer[]): Provider {
  return layers.reduceRight<Provider>((inner, layer) => layer(inner), provider);
}

/** Options of `defaultLayers`. `false` leaves a layer out. */
export interface DefaultLayersOptions extends LoggingOptions {
  /** Retry options (default: the retry layer's defaults). With a logger, retries are logged too. */
  readonly retry?: RetryOptions | false;
  /** A Pacer, or options of the account's shared pacer (default `DEFAULT_PACER_OPTIONS`). */
  readonly pacer?: Pacer | PacerOptions | false;
  /** Timeout options (default `DEFAULT_TIMEOUTS`). */
  readonly timeout?: TimeoutOptions | false;
  /** Faults to inject, for tests. */
  readonly faults?: FaultInjector;
}

/** The shared pacer's limits when none are given: a few calls at once, no fixed rate. */
export const DEFAULT_PACER_OPTIONS: PacerOptions = { maxConcurrency: 8 };

/**
 * Timeouts when none are given: 1 min for metadata calls, 10 min for calls that send data or may
 * work through a whole folder tree on the provider's side.
 */
export const DEFAULT_TIMEOUTS: TimeoutOptions = {
  timeoutMs: 60_000,
  perOperation: {
    writeSmall: 600_000,
    uploadChunk: 600_000,
    move: 600_000,
    copy: 600_000,
    delete: 600_000,
    passthrough: 600_000,
  },
};

/**
 * The standard stack, in the order `applyLayers` documents: logging (when a logger or onMetric
 * is given), retry, the account's shared pacer, timeout, and faults (when given).
 */
export function defaultLayers(options: DefaultLayersOptions = {}): Layer[] {
  const {
    logger,
    onMetric,
    retry = {},
    pacer = DEFAULT_PACER_OPTIONS,
    timeout = DEFAULT_TIMEOUTS,
  } = options;
  const layers: Layer[] = [];
  if (logger || onMetric) layers.push(loggingLayer({ logger, onMetric }));
  if (retry) {
    layers.push(
      retryLayer(logger ? { ...retry, onRetry: logRetries(logger, retry.onRetry) } : retry),
    );
  }
  if (pacer) {
    layers.push(
      isPacer(pacer)
        ? pacerLayer(pacer)
        : (provider) => pacerLayer(sharedPacer(provider.accountKey, pacer))(provider),
    );
  }
  if (timeout) layers.push(timeoutLayer(timeout));
  if (options.faults) layers.push(faultLayer(options.faults));
  return layers;
}

function isPacer(value: Pacer | PacerOptions): value is Pacer {
  return typeof (value as Partial<Pacer>).run === 'function';
}

function logRetries(
  logger: Logger,
  onRetry: ((info: RetryInfo) => void) | undefined,
): (info: RetryInfo) => void {
  return (info) => {
    const { provider, operation, attempt, delayMs, error } = info;
    logger.info(
      `${provider} ${operation} attempt ${attempt} failed with ${error.code}; retrying in ${delayMs} ms`,
      { provider, operation, attempt, delayMs, errorCode: error.code, requestId: error.requestId },
    );
    onRetry?.(info);
  };
}
