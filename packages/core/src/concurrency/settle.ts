/*
 * Promise plumbing for hot paths (every provider call goes through several of these): plain
 * reactions instead of async frames, which cost extra promises and microtask hops per call.
 */

/** Calls `fn` and returns its promise; a synchronous throw becomes a rejection. */
export function invoke<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `promise`, settling the same way once `done` has run after it settled (like `finally`). */
export function afterSettled<T>(promise: Promise<T>, done: () => void): Promise<T> {
  return promise.then(
    (value) => {
      done();
      return value;
    },
    (error: unknown) => {
      done();
      throw error;
    },
  );
}
