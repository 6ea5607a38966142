import { AsyncLocalStorage } from 'node:async_hooks';

// Carries the attempt number from the retry layer down to the HTTP calls a provider makes, without
// threading it through every SPI signature.
const attemptStorage = new AsyncLocalStorage<number>();

// On Node 20 the first AsyncLocalStorage.run turns on promise hooks for the whole process, which
// makes every await several times slower. Only debug request logging reads the attempt, so the
// context is carried only once a debug-mode instrumented fetch exists.
let tracking = false;

/** Starts carrying attempt numbers (done by `instrumentFetch` in debug mode). */
export function enableAttemptTracking(): void {
  tracking = true;
}

/** The retry layer's attempt number (1 for the first try) for the running call; undefined outside it. */
export function currentAttempt(): number | undefined {
  return attemptStorage.getStore();
}

/**
 * Runs `fn` with `currentAttempt()` returning `attempt` in everything it starts, once attempt
 * tracking is on; otherwise just runs `fn`.
 */
export function runWithAttempt<T>(attempt: number, fn: () => T): T {
  return tracking ? attemptStorage.run(attempt, fn) : fn();
}
