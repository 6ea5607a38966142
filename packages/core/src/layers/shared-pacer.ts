import { sharedPerAccount } from '../concurrency/shared-per-account.js';
import { PolydriveError } from '../errors/polydrive-error.js';
import { createPacer, type Pacer, type PacerOptions } from './pacer.js';

/** The options each shared pacer was made with, to refuse different ones later. */
const optionsOf = new WeakMap<Pacer, PacerOptions>();

/**
 * The Pacer of an account, shared by every provider instance of that account in this process
 * (see sharedPerAccount, keyed by `Provider.accountKey`): one throttle slows the whole account,
 * as the provider's limits are per account, not per instance. The first call creates it; later
 * calls must pass the same options (an `InvalidArgument` otherwise, rather than ignoring them).
 */
export function sharedPacer(accountKey: string, options: PacerOptions = {}): Pacer {
  const pacer = sharedPerAccount('pacer', accountKey, () => {
    const made = createPacer(options);
    optionsOf.set(made, { ...options });
    return made;
  });
  const given = optionsOf.get(pacer);
  if (given !== undefined && !sameOptions(given, options)) {
    throw new PolydriveError('InvalidArgument', {
      message: 'This account already has a shared pacer with other options.',
      advice:
        'Pass the same pacer options for every drive of one account, or use createPacer for a separate one.',
    });
  }
  return pacer;
}

function sameOptions(a: PacerOptions, b: PacerOptions): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof PacerOptions>;
  return [...keys].every((key) => a[key] === b[key]);
}
