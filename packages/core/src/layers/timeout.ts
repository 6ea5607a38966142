import { PolydriveError } from '../errors/polydrive-error.js';
import type { ProviderOperation } from '../provider/provider.js';
import { raceAbort } from './abort.js';
import { signalOf, withSignal } from './operations.js';
import { type Layer, type Next, type OperationCall, wrapProvider } from './wrap-provider.js';

/** Options of the timeout layer. */
export interface TimeoutOptions {
  /** Longest time one call may take, in ms. */
  readonly timeoutMs: number;
  /** Other limits for some operations (e.g. `uploadChunk`); `Infinity` turns the limit off. */
  readonly perOperation?: Partial<Record<ProviderOperation, number>>;
}

/**
 * A layer that bounds each call in time. The provider gets an AbortSignal that fires when the
 * caller's signal does or the time is up; the call then fails at once, with `Transient`
 * "timed out after N ms" (also the signal's abort reason, so providers that throw
 * `cancelledError(signal)` throw it too), or with `Cancelled` when the caller aborted.
 *
 * The limit covers the call until it returns: for `read`, until the body stream is handed over,
 * not while it is consumed. `close` is never limited.
 */
export function timeoutLayer(options: TimeoutOptions): Layer {
  validate('timeoutMs', options.timeoutMs);
  for (const [operation, ms] of Object.entries(options.perOperation ?? {})) {
    if (ms !== undefined) validate(operation, ms);
  }
  return (provider) =>
    wrapProvider(provider, (call, next) => {
      const ms = options.perOperation?.[call.operation] ?? options.timeoutMs;
      if (call.operation === 'close' || ms === Number.POSITIVE_INFINITY) return next();
      return callWithin(ms, call, next);
    });
}

function callWithin(ms: number, call: OperationCall, next: Next): Promise<unknown> {
  const { operation, args, provider } = call;
  const callerSignal = signalOf(operation, args);
  const timer = new AbortController();
  const signal = callerSignal ? AbortSignal.any([callerSignal, timer.signal]) : timer.signal;
  // One promise that the call or the timer settles, whichever comes first: the timer rejects it
  // itself rather than through a listener on the signal (an EventTarget listener per call costs
  // more than the rest of this layer), and no race or async frame is added per call.
  const work = new Promise<unknown>((resolve, reject) => {
    const handle = setTimeout(() => {
      const error = new PolydriveError('Transient', {
        message: `The call timed out after ${ms} ms.`,
        advice:
          'Retry; if it keeps timing out, raise the timeout layer’s timeoutMs or perOperation.',
        provider: provider.name,
        operation,
      });
      timer.abort(error);
      reject(error);
    }, ms);
    next(withSignal(operation, args, signal)).then(
      (value) => {
        clearTimeout(handle);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(handle);
        reject(error);
      },
    );
  });
  return raceAbort(work, callerSignal, operation);
}

// Node fires longer timers at once (after a warning), so larger limits must be Infinity.
const MAX_TIMER_MS = 2 ** 31 - 1;

function validate(name: string, ms: number): void {
  if (ms > 0 && (ms <= MAX_TIMER_MS || ms === Number.POSITIVE_INFINITY)) return;
  throw new PolydriveError('InvalidArgument', {
    message: `Invalid timeout options: ${name} must be a positive number of ms up to ${MAX_TIMER_MS}, or Infinity; got ${ms}.`,
    advice: 'Fix the option passed to timeoutLayer (use Infinity for no limit).',
  });
}
