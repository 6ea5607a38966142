import { setMaxListeners } from 'node:events';
import { MAX_TIMER_MS } from '../concurrency/max-timer.js';
import { PolydriveError } from '../errors/polydrive-error.js';
import type { ProviderOperation } from '../provider/provider.js';
import { raceAbort } from './abort.js';
import { SIGNAL_OUTLIVES_CALL, signalOf, withSignal } from './operations.js';
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
 * not while it is consumed. `close` is never limited. A call times out between its limit and a
 * 64th more (see TimeWindow).
 */
export function timeoutLayer(options: TimeoutOptions): Layer {
  validate('timeoutMs', options.timeoutMs);
  for (const [operation, ms] of Object.entries(options.perOperation ?? {})) {
    if (ms !== undefined) validate(operation, ms);
  }
  return (provider) => {
    // The open window of each limit, for this provider's calls.
    const windows = new Map<number, TimeWindow>();
    return wrapProvider(provider, (call, next) => {
      const ms = options.perOperation?.[call.operation] ?? options.timeoutMs;
      if (call.operation === 'close' || ms === Number.POSITIVE_INFINITY) return next();
      const callerSignal = signalOf(call.operation, call.args);
      // Reads and passthrough keep their signal after returning: no other call's timeout may fire it.
      if (callerSignal !== undefined || SIGNAL_OUTLIVES_CALL.has(call.operation)) {
        return callWithin(ms, call, next, callerSignal);
      }
      let window = windows.get(ms);
      if (window === undefined || !window.open()) {
        window = new TimeWindow(ms, call.provider.name, windows);
        windows.set(ms, window);
      }
      return window.run(call, next);
    });
  };
}

/** Longest a window takes new calls, in ms. */
const MAX_WINDOW_MS = 1000;

/**
 * Most calls one signal serves. Each may leave a listener on it until the call's request is
 * garbage collected (fetch does), so the signal is told to expect that many (Node warns from the
 * 11th listener otherwise), and a fresh signal starts after these.
 */
const MAX_SIGNAL_CALLS = 256;

/** Listeners one call may leave on a shared signal, for its listener limit. */
const LISTENERS_PER_CALL = 4;

/** A call waiting in a window: how to fail it when the window's time is up. */
interface WindowCall {
  readonly operation: string;
  readonly reject: (error: unknown) => void;
}

/**
 * One AbortSignal and one timer for the calls with the same limit that start together. Node
 * builds each AbortSignal slowly (about 7 µs, more than the rest of this layer, where a local
 * write takes some 200 µs), so a signal per call cost small calls several per cent of their speed.
 *
 * The first call starts a window, which takes further calls for a 64th of the limit (at most 1 s);
 * its timer fires when the last call to join has had its whole limit, fails every call of the
 * window still running and aborts the signal. When all of a window's calls have returned, the
 * timer stops at once, so nothing is left pending, and the next call starts a new window with the
 * same signal, which never fired (up to 256 calls a signal). So the signal of a call that returned
 * may still be aborted later by another call's timeout: providers must not use it after the call
 * (reads and passthrough, whose results do, get their own). Joining goes by `performance.now()`
 * and expiring by the timer: tests that fake timers must fake both (vitest does by default).
 */
class TimeWindow {
  private readonly controller = new AbortController();
  private readonly calls = new Set<WindowCall>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closesAt = 0;
  private joined = 0;

  constructor(
    private readonly ms: number,
    private readonly provider: string,
    private readonly windows: Map<number, TimeWindow>,
  ) {
    setMaxListeners(MAX_SIGNAL_CALLS * LISTENERS_PER_CALL, this.controller.signal);
  }

  /** Whether a call may join: the signal has calls left, and no window runs or it is young. */
  open(): boolean {
    return (
      this.joined < MAX_SIGNAL_CALLS &&
      (this.timer === undefined || performance.now() < this.closesAt)
    );
  }

  /** Runs a call with the window's signal; it settles like the call or fails when time is up. */
  run(call: OperationCall, next: Next): Promise<unknown> {
    if (this.timer === undefined) this.start();
    this.joined += 1;
    const signal = this.controller.signal;
    return new Promise<unknown>((resolve, reject) => {
      const entry: WindowCall = { operation: call.operation, reject };
      this.calls.add(entry);
      next(withSignal(call.operation, call.args, signal)).then(
        (value) => {
          if (this.leave(entry)) resolve(value);
        },
        (error: unknown) => {
          if (this.leave(entry)) reject(error);
        },
      );
    });
  }

  private start(): void {
    // The timer must stay within what Node's timers take (see MAX_TIMER_MS).
    const span = Math.min(MAX_WINDOW_MS, this.ms / 64, MAX_TIMER_MS - this.ms);
    this.closesAt = performance.now() + span;
    this.timer = setTimeout(() => this.expire(), Math.ceil(this.ms + span));
  }

  /** Takes a call out; false when the window's time was up first (the call already failed). */
  private leave(entry: WindowCall): boolean {
    if (!this.calls.delete(entry)) return false;
    if (this.calls.size === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return true;
  }

  private expire(): void {
    // The signal fires now: no call may join it again.
    this.timer = undefined;
    this.joined = MAX_SIGNAL_CALLS;
    if (this.windows.get(this.ms) === this) this.windows.delete(this.ms);
    let reason: PolydriveError | undefined;
    for (const entry of this.calls) {
      const error = timeoutError(this.ms, this.provider, entry.operation);
      reason ??= error;
      entry.reject(error);
    }
    this.calls.clear();
    this.controller.abort(reason);
  }
}

/** A call with a timer and a signal of its own (combined with the caller's, when given). */
function callWithin(
  ms: number,
  call: OperationCall,
  next: Next,
  callerSignal: AbortSignal | undefined,
): Promise<unknown> {
  const { operation, args, provider } = call;
  const timer = new AbortController();
  const signal = callerSignal ? AbortSignal.any([callerSignal, timer.signal]) : timer.signal;
  // One promise that the call or the timer settles, whichever comes first: the timer rejects it
  // itself rather than through a listener on the signal (an EventTarget listener per call costs
  // more than the rest of this layer), and no race or async frame is added per call.
  const work = new Promise<unknown>((resolve, reject) => {
    const handle = setTimeout(() => {
      const error = timeoutError(ms, provider.name, operation);
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

function timeoutError(ms: number, provider: string, operation: string): PolydriveError {
  return new PolydriveError('Transient', {
    message: `The call timed out after ${ms} ms.`,
    advice: 'Retry; if it keeps timing out, raise the timeout layer’s timeoutMs or perOperation.',
    provider,
    operation,
  });
}

function validate(name: string, ms: number): void {
  if (ms > 0 && (ms <= MAX_TIMER_MS || ms === Number.POSITIVE_INFINITY)) return;
  throw new PolydriveError('InvalidArgument', {
    message: `Invalid timeout options: ${name} must be a positive number of ms up to ${MAX_TIMER_MS}, or Infinity; got ${ms}.`,
    advice: 'Fix the option passed to timeoutLayer (use Infinity for no limit).',
  });
}
