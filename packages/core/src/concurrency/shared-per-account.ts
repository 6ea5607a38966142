// The process-wide registry behind sharedPerAccount, by kind, then account. Entries hold their
// object weakly: it lives as long as some provider instance uses it, then its entry is dropped,
// so a server that sees many accounts does not keep one object per account forever.
const registry = new Map<string, WeakRef<object>>();
const forget = new FinalizationRegistry<string>((key) => {
  if (registry.get(key)?.deref() === undefined) registry.delete(key);
});

/**
 * The object of one kind that every provider instance of an account shares in this process (a
 * pacer, a commit queue), made by `create` on first use. For what a service limits per account,
 * not per connection: drives made separately for one account must then wait for each other.
 */
export function sharedPerAccount<T extends object>(
  kind: string,
  accountKey: string,
  create: () => T,
): T {
  // Kinds are names from code, never user input, so a separator they never contain is enough.
  const key = `${kind}\u0000${accountKey}`;
  const existing = registry.get(key)?.deref();
  if (existing !== undefined) return existing as T;
  const made = create();
  registry.set(key, new WeakRef(made));
  forget.register(made, key);
  return made;
}
