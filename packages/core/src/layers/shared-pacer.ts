import { PolydriveError } from '../errors/polydrive-error.js';
import { createPacer, type Pacer, type PacerOptions } from './pacer.js';

interface RegistryEntry {
  readonly pacer: WeakRef<Pacer>;
  readonly options: PacerOptions;
}

// The process-wide registry behind sharedPacer. Entries hold their pacer weakly: a pacer lives as
// long as some wrapped provider uses it, then its entry is dropped, so a server that sees many
// accounts does not keep one pacer per account forever.
const registry = new Map<string, RegistryEntry>();
const forget = new FinalizationRegistry<string>((accountKey) => {
  if (registry.get(accountKey)?.pacer.deref() === undefined) registry.delete(accountKey);
});

/**
 * The Pacer of an account, shared by every provider instance of that account in this process
 * (a module-level registry keyed by `Provider.accountKey`): one throttle slows the whole account,
 * as the provider's limits are per account, not per instance. The first call creates it; later
 * calls must pass the same options (an `InvalidArgument` otherwise, rather than ignoring them).
 */
export function sharedPacer(accountKey: string, options: PacerOptions = {}): Pacer {
  const entry = registry.get(accountKey);
  const existing = entry?.pacer.deref();
  if (entry && existing) {
    if (!sameOptions(entry.options, options)) {
      throw new PolydriveError('InvalidArgument', {
        message: 'This account already has a shared pacer with other options.',
        advice:
          'Pass the same pacer options for every drive of one account, or use createPacer for a separate one.',
      });
    }
    return existing;
  }
  const pacer = createPacer(options);
  registry.set(accountKey, { pacer: new WeakRef(pacer), options: { ...options } });
  forget.register(pacer, accountKey);
  return pacer;
}

function sameOptions(a: PacerOptions, b: PacerOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PacerOptions>;
  return [...keys].every((key) => a[key] === b[key]);
}
