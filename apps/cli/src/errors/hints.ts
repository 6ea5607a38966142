/**
 * Extra lines of advice attached to an error on its way up, by the code that knows the context
 * the error lacks (which remote, whether an upload can be resumed).
 */
const hints = new WeakMap<object, string[]>();

/** Adds a line of advice to an error, once. Returns the error, to rethrow it. */
export function withHint<E>(err: E, hint: string): E {
  if (typeof err === 'object' && err !== null) {
    const list = hints.get(err) ?? [];
    if (!list.includes(hint)) list.push(hint);
    hints.set(err, list);
  }
  return err;
}

/** The advice attached to an error, oldest first. */
export function hintsOf(err: unknown): readonly string[] {
  return typeof err === 'object' && err !== null ? (hints.get(err) ?? []) : [];
}
