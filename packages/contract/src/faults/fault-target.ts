import type { Drive, HashKind, PolydriveError, Provider } from '@polydrive/core';

/**
 * Which emulator requests a fault or a check applies to; every field given must match (the same
 * rule as the emulator's fault matcher: `path` is a substring or a pattern of path plus query).
 */
export interface FaultRoute {
  /** The real host, e.g. `graph.microsoft.com`. */
  readonly host?: string;
  /** The HTTP method. */
  readonly method?: string;
  /** A substring of, or a pattern for, the raw path plus `?query`. */
  readonly path?: string | RegExp;
}

/** A fault the suite asks the emulator for: the part of its fault spec the suite uses. */
export type FaultInjection = FaultRoute & {
  /** How many matching requests get the fault (default 1). */
  readonly times?: number;
} & (
    | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: number }
    | { readonly kind: 'drop'; readonly phase?: 'request' | 'response' }
    | { readonly kind: 'expiredToken' }
    | { readonly kind: 'sessionExpired' }
  );

/** One request the emulator saw, as its request log reports it. */
export interface FaultRecord {
  readonly method: string;
  readonly host: string;
  readonly path: string;
  /** The status sent, or 0 when the connection was dropped. */
  readonly status: number;
  /** Arrival time in ms since the epoch. */
  readonly time: number;
  /** The kind of the injected fault that hit this request, if any. */
  readonly fault?: string;
}

/** What the suite needs of a running emulator (`@polydrive/emulator`'s handle fits). */
export interface FaultEmulator {
  readonly faults: {
    inject(spec: FaultInjection): unknown;
    requests(): FaultRecord[];
    clearRequests(): void;
  };
  stop(): Promise<void>;
}

/** The emulator's controls for one provider (its `microsoft`, `google` or `dropbox`). */
export interface ProviderControl {
  mintToken(account: string): { accessToken: string };
  /** Expires every access token: the API then answers 401 until the client refreshes. */
  expireTokens(): void;
  openUploadSessions(): number;
  readFile(account: string, path: string): Uint8Array | undefined;
}

/** A refused answer: the next `times` (default 1) requests on a route get `status`. */
export interface Refusal {
  readonly status: number;
  /** Seconds sent in `Retry-After`; the retry layer must wait at least this long. */
  readonly retryAfter?: number;
  readonly times?: number;
  /** The provider's own error reason (e.g. Google's `userRateLimitExceeded`), for `refuse`. */
  readonly reason?: string;
}

/** The PolydriveError fields an error case expects (asymmetric matchers allowed). */
export type ExpectedError = Pick<PolydriveError, 'code'> &
  Partial<
    Pick<PolydriveError, 'retryable' | 'retryAfterMs' | 'httpStatus' | 'providerCode' | 'requestId'>
  >;

/** One answer of the provider's API and the PolydriveError it must become. */
export interface ErrorCase<E extends FaultEmulator> {
  /**
   * The fault on the probe's route: a refusal, a fault kind without parameters, or a function
   * for anything else (e.g. expiring the account's tokens).
   */
  readonly fault: Refusal | 'drop' | 'expiredToken' | ((emulator: E) => unknown);
  readonly expected: ExpectedError;
}

/** The provider's routes the suite injects faults on and counts requests of. */
export interface FaultRoutes {
  /** A chunk of a session upload. */
  readonly chunk: FaultRoute;
  /** The request a `stat` of an existing file sends (also the error cases' probe). */
  readonly stat: FaultRoute;
  /** The OAuth token endpoint (refreshes). */
  readonly token: FaultRoute;
}

/** How to run one provider against the emulator: everything provider-specific in the fault suite. */
export interface FaultTarget<E extends FaultEmulator, O = undefined> {
  /** Names the suite. */
  readonly name: string;
  /** The seeded account that `signedIn` logs in as. */
  readonly account: string;
  /** Starts an emulator with the account; `options` are the provider's emulator settings. */
  readonly start: (options?: O) => Promise<E>;
  /** The emulator's controls for this provider. */
  readonly control: (emulator: E) => ProviderControl;
  /** A provider signed in through the emulator's OAuth (so it can refresh), with `chunkSize`. */
  readonly signedIn: (emulator: E) => Promise<Provider>;
  /** A provider holding only `accessToken` (no refresh). */
  readonly withToken: (emulator: E, accessToken: string) => Provider;
  /** The upload chunk size `signedIn` sets. */
  readonly chunkSize: number;
  /** The hashes the provider reports on an uploaded file. */
  readonly hashes: readonly HashKind[];
  readonly routes: FaultRoutes;
  /** Whether chunk requests carry the access token (else their URLs are pre-authenticated). */
  readonly chunksCarryToken: boolean;
  /** Whether an upload whose session expires may restart and succeed instead of failing. */
  readonly expiredSessionMayRestart: boolean;
  /** Injects a refusal on a route (default: the emulator's `status` fault; `reason` unused). */
  readonly refuse?: (emulator: E, refusal: Refusal, route: FaultRoute) => void;
  /** The refusals that hit the first chunk of the large upload (default: two 429s, 1 s). */
  readonly storm?: readonly Refusal[];
  /** The refusals a throttled stat meets (default: a 429 then a 503, each with 1 s). */
  readonly throttle?: readonly Refusal[];
  /** The provider's own code for a 429 (its PolydriveError's `providerCode`). */
  readonly throttleReason: string;
  /** Whether the API's error answers carry a request id (its PolydriveError's `requestId`). */
  readonly requestIds: boolean;
  /** The path the error cases stat (default `/`; it need not exist, every case fails first). */
  readonly probePath?: string;
  /**
   * The API's error answers beyond those every provider meets (429 and 503 with Retry-After, 403,
   * a dropped connection), by description, and what each must map to.
   */
  readonly errorCases?: Readonly<Record<string, ErrorCase<E>>>;
}

/** What a provider's own fault tests get from the suite. */
export interface FaultContext<E extends FaultEmulator, O = undefined> {
  /** Starts an emulator (stopped after the test) and a signed-in drive with fast retries. */
  readonly setUp: (options?: O) => Promise<{ emulator: E; drive: Drive }>;
}
