import { afterSettled, invoke } from '../concurrency/settle.js';
import { cancelledError, PolydriveError } from '../errors/polydrive-error.js';
import { raceAbort, sleep as realSleep, type Sleep } from './abort.js';

/** Limits of a pacer. Leave a limit out for none. */
export interface PacerOptions {
  /** Calls running at once. */
  readonly maxConcurrency?: number;
  /** Calls started per second, on average (a token bucket). */
  readonly requestsPerSecond?: number;
  /** Calls that may start back to back after a quiet spell (bucket size; default 1). */
  readonly burst?: number;
  /** Longest pause `pauseFor` imposes, however long the provider asked for (default 10 min). */
  readonly maxPauseMs?: number;
  /** A monotonic clock in ms (default performance.now); injectable for tests. */
  readonly now?: () => number;
  /** How to wait (default: a timer); injectable for tests. */
  readonly sleep?: Sleep;
}

/** Paces the calls of one account: a concurrency limit, a request rate and account-wide pauses. */
export interface Pacer {
  /**
   * Runs `fn` once a slot is free, the pacer is not paused and the rate allows. The slot is held
   * until `fn` settles. Waiting ends with `Cancelled` when `signal` aborts.
   */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Holds every call not yet started for `ms` (e.g. the provider's Retry-After). */
  pauseFor(ms: number): void;
}

/** A new Pacer. Share one per account with `sharedPacer` so that all its drives are paced together. */
export function createPacer(options: PacerOptions = {}): Pacer {
  const maxConcurrency = limit(options, 'maxConcurrency', Number.POSITIVE_INFINITY);
  const rate = limit(options, 'requestsPerSecond', Number.POSITIVE_INFINITY);
  const burst = limit(options, 'burst', 1);
  const maxPauseMs = limit(options, 'maxPauseMs', 10 * 60_000);
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? realSleep;

  let running = 0;
  // Each waiter is the function that hands it a slot.
  const waiters: Array<() => void> = [];
  let pausedUntil = Number.NEGATIVE_INFINITY;
  let tokens = burst;
  let refilledAt = now();

  function acquireSlot(signal: AbortSignal | undefined): Promise<void> {
    if (running < maxConcurrency) {
      running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      function onAbort(): void {
        waiters.splice(waiters.indexOf(grant), 1);
        reject(cancelledError(signal));
      }
      waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function releaseSlot(): void {
    // The slot passes straight to the next waiter, so `running` stays the same.
    const next = waiters.shift();
    if (next) next();
    else running--;
  }

  async function waitTurn(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const t = now();
      if (t < pausedUntil) {
        await raceAbort(sleep(pausedUntil - t, signal), signal);
        continue;
      }
      if (rate === Number.POSITIVE_INFINITY) return;
      tokens = Math.min(burst, tokens + ((t - refilledAt) * rate) / 1000);
      refilledAt = t;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await raceAbort(sleep(((1 - tokens) * 1000) / rate, signal), signal);
    }
  }

  /** Runs `fn` in a slot already taken, and gives the slot back when it settles. */
  function runHeld<T>(fn: () => Promise<T>): Promise<T> {
    return afterSettled(invoke(fn), releaseSlot);
  }

  return {
    run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) return Promise.reject(cancelledError(signal));
      // The common case, a free slot with no pause and no rate to keep, starts at once.
      if (running < maxConcurrency && rate === Number.POSITIVE_INFINITY && now() >= pausedUntil) {
        running++;
        return runHeld(fn);
      }
      return acquireSlot(signal).then(() =>
        runHeld(async () => {
          await waitTurn(signal);
          return fn();
        }),
      );
    },
    pauseFor(ms: number): void {
      pausedUntil = Math.max(pausedUntil, now() + Math.min(Math.max(0, ms), maxPauseMs));
    },
  };
}

function limit(
  options: PacerOptions,
  key: 'maxConcurrency' | 'requestsPerSecond' | 'burst' | 'maxPauseMs',
  fallback: number,
): number {
  const value = options[key] ?? fallback;
  if (!(value > 0)) {
    throw new PolydriveError('InvalidArgument', {
      message: `Invalid pacer options: ${key} must be a positive number, got ${value}.`,
      advice: 'Fix the option passed to createPacer or sharedPacer.',
    });
  }
  return value;
}
