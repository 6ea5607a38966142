import { type ErrorCode, PolydriveError } from '../errors/polydrive-error.js';
import type { ProviderOperation, ReadResult } from '../provider/provider.js';
import { type Layer, wrapProvider } from './wrap-provider.js';

/** Which calls a fault applies to: one operation, or `'*'` for all but `close`. */
export type FaultTarget = ProviderOperation | '*';

/** How a scripted fault fires. */
export interface FaultOptions {
  /** How many matching calls fail (default 1). */
  readonly times?: number;
  /**
   * Run the real call first, then throw anyway: a lost response, where the provider acted but the
   * client never heard. Tests whether a retry could do the work twice. Should the real call fail,
   * its own error is thrown instead.
   */
  readonly after?: boolean;
}

/** Options of `failRandomly`. */
export interface RandomFaultOptions {
  /** The calls that may fail (default `'*'`). */
  readonly operation?: FaultTarget;
  readonly after?: boolean;
}

/** A fault that fired. */
export interface InjectedFault {
  readonly operation: ProviderOperation;
  readonly code: ErrorCode;
  /** True when the real call ran first. */
  readonly after: boolean;
}

/** Controls the faults a `faultLayer` injects; for tests. */
export interface FaultInjector {
  /** Fail the next `times` calls of `operation` with `error`. Scripted faults fire in order. */
  failNext(operation: FaultTarget, error: PolydriveError | ErrorCode, options?: FaultOptions): void;
  /**
   * Fail each call with the given probability, from a seeded generator, so that a failing run
   * can be replayed with its seed.
   */
  failRandomly(
    probability: number,
    error: PolydriveError | ErrorCode,
    seed?: number,
    options?: RandomFaultOptions,
  ): void;
  /** Removes every scripted and random fault (the record of injected faults stays). */
  clear(): void;
  /** The faults that fired, in order. */
  readonly injected: readonly InjectedFault[];
}

interface Fault {
  readonly error: PolydriveError | ErrorCode;
  readonly after: boolean;
}

interface ScriptedFault extends Fault {
  readonly operation: FaultTarget;
  remaining: number;
}

interface RandomFault extends Fault {
  readonly operation: FaultTarget;
  readonly probability: number;
  readonly random: () => number;
}

interface InjectorState {
  /** The fault for this call, if one fires; consumes a scripted fault. */
  pick(operation: ProviderOperation): Fault | undefined;
  readonly injected: InjectedFault[];
}

// The layer reaches an injector's rules through this map, so they stay out of its public shape.
const injectorStates = new WeakMap<FaultInjector, InjectorState>();

/** A new fault injector; wrap a provider with `faultLayer(injector)` to apply it. */
export function createFaultInjector(): FaultInjector {
  let scripted: ScriptedFault[] = [];
  let random: RandomFault[] = [];
  const injected: InjectedFault[] = [];
  const injector: FaultInjector = {
    failNext(operation, error, { times = 1, after = false } = {}) {
      if (!(Number.isInteger(times) && times >= 1)) {
        throw invalid(`times must be a whole number of at least 1, got ${times}.`);
      }
      scripted.push({ operation, error, after, remaining: times });
    },
    failRandomly(probability, error, seed = 1, { operation = '*', after = false } = {}) {
      if (!(probability >= 0 && probability <= 1)) {
        throw invalid(`probability must be between 0 and 1, got ${probability}.`);
      }
      random.push({ operation, error, after, probability, random: seededRandom(seed) });
    },
    clear() {
      scripted = [];
      random = [];
    },
    injected,
  };
  const pick = (operation: ProviderOperation): Fault | undefined => {
    const matches = (target: FaultTarget): boolean =>
      target === operation || (target === '*' && operation !== 'close');
    const next = scripted.find((fault) => matches(fault.operation));
    if (next) {
      next.remaining--;
      if (next.remaining === 0) scripted.splice(scripted.indexOf(next), 1);
      return next;
    }
    // Every matching rule draws, so one rule's sequence does not depend on the others'.
    const draws = random.filter(
      (fault) => matches(fault.operation) && fault.random() < fault.probability,
    );
    return draws[0];
  };
  injectorStates.set(injector, { pick, injected });
  return injector;
}

/**
 * A layer that fails calls as `injector` says, innermost (next to the provider) so injected
 * errors look like the provider's own to every other layer. Injected errors carry the provider
 * and operation; an `ErrorCode` becomes a PolydriveError with that code.
 */
export function faultLayer(injector: FaultInjector): Layer {
  const state = injectorStates.get(injector);
  if (!state) throw invalid('faultLayer needs an injector made by createFaultInjector().');
  return (provider) =>
    wrapProvider(provider, async ({ operation }, next) => {
      const fault = state.pick(operation);
      if (!fault) return next();
      const error =
        typeof fault.error === 'string'
          ? new PolydriveError(fault.error, { message: `Injected ${fault.error} fault.` })
          : fault.error;
      if (fault.after) discard(await next());
      state.injected.push({ operation, code: error.code, after: fault.after });
      throw error.withContext({ provider: provider.name, operation });
    });
}

/** Releases what a result holds open (a download stream, a response body) that nobody will read. */
function discard(result: unknown): void {
  const stream =
    result instanceof Response ? result.body : (result as Partial<ReadResult> | undefined)?.stream;
  if (stream instanceof ReadableStream) stream.cancel().catch(() => {});
}

/** mulberry32: a small, fast generator; plenty for choosing which calls fail. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function invalid(message: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `Invalid fault injection: ${message}`,
    advice: 'Fix the test setup.',
  });
}
