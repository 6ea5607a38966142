import { AsyncLocalStorage } from 'node:async_hooks';

// Carries the attempt number from the retry layer down to the HTTP calls a provider makes, without
// threading it through every SPI signature.
const attemptStorage = new AsyncLocalStorage<number>();

/** The retry layer's attempt number (1 for the first try) for the running call; undefined outside it. */
export function currentAttempt(): number | undefined {
  return attemptStorage.getStore();
}

/** Runs `fn` with `currentAttempt()` returning `attempt` in everything it starts. */
export function runWithAttempt<T>(attempt: number, fn: () => T): T {
  return attemptStorage.run(attempt, fn);
}
