import type { ProviderName } from '../server/provider-emulator.js';

/** Which requests a fault applies to; every field given must match. */
export interface FaultMatch {
  /** Only requests to hosts of this provider. */
  provider?: ProviderName;
  /** Only requests to this real host, e.g. `graph.microsoft.com` or `api.onedrive.com`. */
  host?: string;
  /** Only this HTTP method. */
  method?: string;
  /**
   * Only requests whose target within the host (raw path plus `?query`) contains this string, or
   * matches this regular expression. E.g. `'/rup/'` matches every upload-session URL.
   */
  path?: string | RegExp;
  /** How many matching requests get the fault; defaults to 1. */
  times?: number;
}

/** A fault to inject: the kinds the emulator can simulate. */
export type FaultSpec = FaultMatch &
  (
    | {
        /** Answer with this status in the provider's error format (429, 500, 503, ...). */
        kind: 'status';
        status: number;
        /** Seconds to send in `Retry-After`. */
        retryAfter?: number;
      }
    | {
        /**
         * Destroy the socket: after reading part of the request body (phase `request`, nothing is
         * applied) or after writing part of the response (phase `response`, the request took
         * effect). Defaults to `request` when the request has a body, else `response`.
         */
        kind: 'drop';
        phase?: 'request' | 'response';
      }
    | {
        /** Answer 401 as the provider does for an expired access token. */
        kind: 'expiredToken';
      }
    | {
        /** The addressed upload session is gone: it is removed and the provider answers 404. */
        kind: 'sessionExpired';
      }
  );

/** The kinds of fault. */
export type FaultKind = FaultSpec['kind'];

/** A fault chosen for one request. */
export type ActiveFault = FaultSpec;

/** A handle on an injected fault. */
export interface InjectedFault {
  /** How many more requests it will hit. */
  remaining(): number;
  /** Stops it from hitting further requests. */
  cancel(): void;
}

/** The request facts that faults are matched against. */
export interface FaultTarget {
  provider: ProviderName;
  host: string;
  method: string;
  /** Raw path plus `?query`, within the host. */
  target: string;
}

interface Entry {
  spec: FaultSpec;
  remaining: number;
}

/** Pending faults, tried in the order they were injected; the first that matches is used. */
export class FaultRegistry {
  #entries: Entry[] = [];

  /** Adds a fault for the next `times` matching requests. */
  inject(spec: FaultSpec): InjectedFault {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`fault times must be a positive integer, got ${String(spec.times)}`);
    }
    if (spec.kind === 'status' && !(spec.status >= 400 && spec.status <= 599)) {
      throw new RangeError(`a status fault needs a 4xx or 5xx status, got ${spec.status}`);
    }
    const entry: Entry = { spec, remaining: times };
    this.#entries.push(entry);
    return {
      remaining: () => entry.remaining,
      cancel: () => {
        entry.remaining = 0;
        this.#prune();
      },
    };
  }

  /** Removes every pending fault. */
  clear(): void {
    this.#entries = [];
  }

  /** The faults still pending, with how many hits each has left. */
  pending(): Array<FaultSpec & { remaining: number }> {
    return this.#entries.map((entry) => ({ ...entry.spec, remaining: entry.remaining }));
  }

  /** Finds the first fault matching `target` and uses up one of its hits. */
  take(target: FaultTarget): ActiveFault | undefined {
    const entry = this.#entries.find((candidate) => matches(candidate.spec, target));
    if (!entry) return undefined;
    entry.remaining -= 1;
    this.#prune();
    return entry.spec;
  }

  #prune(): void {
    this.#entries = this.#entries.filter((entry) => entry.remaining > 0);
  }
}

function matches(spec: FaultSpec, target: FaultTarget): boolean {
  if (spec.provider !== undefined && spec.provider !== target.provider) return false;
  if (spec.host !== undefined && spec.host.toLowerCase() !== target.host) return false;
  if (spec.method !== undefined && spec.method.toUpperCase() !== target.method) return false;
  if (spec.path === undefined) return true;
  if (typeof spec.path === 'string') return target.target.includes(spec.path);
  spec.path.lastIndex = 0;
  return spec.path.test(target.target);
}
