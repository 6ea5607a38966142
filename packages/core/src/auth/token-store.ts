/**
 * Where credentials live between runs: a string-valued key/value store. Tokens are saved as
 * JSON strings; msal's cache is saved as its own serialised string. Implementations must make
 * `set` atomic (a reader never sees half a value).
 */
export interface TokenStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Runs `fn` while holding a lock on `key`, so that one refresh runs at a time across every
   * process sharing the store. Stores local to one process may omit it.
   */
  withLock?<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** An OAuth token set as Polydrive keeps it. */
export interface TokenSet {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** When the access token expires, in milliseconds since the epoch. */
  readonly expiresAt?: number;
  readonly scope?: string;
  readonly tokenType?: string;
  readonly idToken?: string;
}
