import type {
  FaultContext,
  FaultEmulator,
  FaultRoute,
  FaultTarget,
  Refusal,
} from './fault-target.js';

/** What each fault scenario gets: the target, and emulators that are stopped after the test. */
export interface FaultSuite<E extends FaultEmulator, O> extends FaultContext<E, O> {
  readonly target: FaultTarget<E, O>;
  /** Starts an emulator, stopped after the test. */
  readonly start: (options?: O) => Promise<E>;
  /** Injects a refusal on a route, the target's way. */
  readonly refuse: (emulator: E, refusal: Refusal, route: FaultRoute) => void;
}
