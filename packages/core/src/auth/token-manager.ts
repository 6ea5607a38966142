import { cancelledError, PolydriveError, throwIfAborted } from '../errors/polydrive-error.js';
import { refreshError } from './refresh-errors.js';
import type { TokenSet, TokenStore } from './token-store.js';

/** How a TokenManager finds, refreshes and saves one account's tokens. */
export interface TokenManagerOptions {
  readonly store: TokenStore;
  /** The store key of this account's TokenSet. */
  readonly key: string;
  /** Exchanges the current refresh token for new tokens at the provider's token endpoint. */
  readonly refresh: (current: TokenSet) => Promise<TokenSet>;
  /** Refresh when the access token expires within this many milliseconds. Default 5 minutes. */
  readonly refreshSkewMs?: number;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** Provider name for messages and errors, e.g. `onedrive`. */
  readonly provider?: string;
}

/** Options of {@link TokenManager.getAccessToken}. */
export interface GetAccessTokenOptions {
  readonly signal?: AbortSignal;
}

// Waiting callers can give up without cancelling the refresh that other callers still share.
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError(signal, 'getAccessToken'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Keeps one account's access token fresh: refreshes it shortly before it expires or after the
 * provider rejected it, one refresh at a time (shared by concurrent callers in this process, and
 * under the store's lock across processes), and saves rotated refresh tokens, never over a login
 * saved or cleared while the refresh ran.
 */
export class TokenManager {
  private readonly store: TokenStore;
  private readonly key: string;
  private readonly refreshTokens: (current: TokenSet) => Promise<TokenSet>;
  private readonly refreshSkewMs: number;
  private readonly now: () => number;
  private readonly provider: string | undefined;
  private inflight: Promise<TokenSet> | undefined;

  constructor(options: TokenManagerOptions) {
    this.store = options.store;
    this.key = options.key;
    this.refreshTokens = options.refresh;
    this.refreshSkewMs = options.refreshSkewMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.provider = options.provider;
  }

  /** The access token to send, refreshed first when it expires within the skew. */
  async getAccessToken(options: GetAccessTokenOptions = {}): Promise<string> {
    throwIfAborted(options.signal, 'getAccessToken');
    const current = await abortable(this.requireTokens(), options.signal);
    if (!this.expiresSoon(current)) return current.accessToken;
    const fresh = await abortable(
      this.refreshOnce((t) => this.expiresSoon(t)),
      options.signal,
    );
    return fresh.accessToken;
  }

  /**
   * Refreshes after the provider answered 401, and returns the new access token. Given the
   * rejected token, it refreshes only if that token is still the saved one: a caller that lost
   * the race gets the token another caller or process already fetched.
   */
  async forceRefresh(rejectedAccessToken?: string): Promise<string> {
    const isStale = (t: TokenSet) =>
      rejectedAccessToken === undefined || t.accessToken === rejectedAccessToken;
    if (!this.inflight) {
      const current = await this.requireTokens();
      if (!isStale(current)) return current.accessToken;
    }
    return (await this.refreshOnce(isStale)).accessToken;
  }

  /** The saved tokens, or undefined when the account is not connected. */
  async getTokens(): Promise<TokenSet | undefined> {
    return this.parseSaved(await this.readSaved());
  }

  /**
   * Saves tokens, e.g. after a login's code exchange. It takes the store's lock, so a refresh in
   * flight (here or in another process) saves first and cannot overwrite them; hence it must not
   * be called from inside the `refresh` function.
   */
  async setTokens(tokens: TokenSet): Promise<void> {
    if (typeof tokens?.accessToken !== 'string' || tokens.accessToken === '') {
      throw new PolydriveError('InvalidArgument', {
        message: 'A TokenSet needs a non-empty accessToken.',
        advice: 'Pass the tokens returned by the code exchange or the refresh.',
        provider: this.provider,
      });
    }
    const text = JSON.stringify(tokens);
    await this.underLock(() => this.store.set(this.key, text));
  }

  /** Forgets the saved tokens (log out), after any refresh in flight, which cannot bring them back. */
  async clear(): Promise<void> {
    await this.underLock(() => this.store.delete(this.key));
  }

  private account(): string {
    return this.provider ?? 'this account';
  }

  private expiresSoon(tokens: TokenSet): boolean {
    return tokens.expiresAt !== undefined && tokens.expiresAt - this.refreshSkewMs <= this.now();
  }

  private async requireTokens(): Promise<TokenSet> {
    return this.requireLogin(await this.getTokens());
  }

  private async readSaved(): Promise<string | undefined> {
    try {
      return await this.store.get(this.key);
    } catch (err) {
      throw err instanceof PolydriveError ? err.withContext({ provider: this.provider }) : err;
    }
  }

  private parseSaved(text: string | undefined): TokenSet | undefined {
    if (text === undefined) return undefined;
    const tokens = parseTokenSet(text);
    if (!tokens) {
      throw new PolydriveError('Unauthenticated', {
        message: `The saved login for ${this.account()} is unreadable.`,
        advice: 'Re-connect the account.',
        provider: this.provider,
      });
    }
    return tokens;
  }

  private requireLogin(tokens: TokenSet | undefined): TokenSet {
    if (!tokens) {
      throw new PolydriveError('Unauthenticated', {
        message: `There is no saved login for ${this.account()}.`,
        advice: 'Log in (connect the account) first.',
        provider: this.provider,
      });
    }
    return tokens;
  }

  // A store without a lock (allowed for stores local to one process) leaves writes unordered; the
  // refresh's check before it saves then keeps the newer state.
  private underLock<T>(fn: () => Promise<T>): Promise<T> {
    return this.store.withLock ? this.store.withLock(this.key, fn) : fn();
  }

  private refreshOnce(needsRefresh: (current: TokenSet) => boolean): Promise<TokenSet> {
    this.inflight ??= this.refreshUnderLock(needsRefresh).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async refreshUnderLock(needsRefresh: (current: TokenSet) => boolean): Promise<TokenSet> {
    return this.underLock(async () => {
      // Read again under the lock: another process may have refreshed while we waited for it.
      const seen = await this.readSaved();
      const current = this.requireLogin(this.parseSaved(seen));
      if (!needsRefresh(current)) return current;
      let answer: TokenSet;
      try {
        answer = await this.refreshTokens(current);
      } catch (err) {
        throw refreshError(err, this.provider);
      }
      if (typeof answer?.accessToken !== 'string' || answer.accessToken === '') {
        throw new PolydriveError('Internal', {
          message: `The refresh for ${this.account()} returned no access token.`,
          provider: this.provider,
          operation: 'refresh',
        });
      }
      // Providers that do not rotate refresh tokens (Google) leave them out of the answer.
      const next =
        answer.refreshToken === undefined && current.refreshToken !== undefined
          ? { ...answer, refreshToken: current.refreshToken }
          : answer;
      // A writer that did not wait for the lock (a store without one, or a direct write) saved a
      // new login or logged out meanwhile: the newer state wins over this refresh of the old one.
      const saved = await this.readSaved();
      if (saved !== seen) return this.requireLogin(this.parseSaved(saved));
      await this.store.set(this.key, JSON.stringify(next));
      return next;
    });
  }
}

function parseTokenSet(text: string): TokenSet | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const tokens = value as Record<string, unknown>;
    if (typeof tokens.accessToken !== 'string') return undefined;
    for (const field of ['refreshToken', 'scope', 'tokenType', 'idToken'] as const) {
      if (tokens[field] !== undefined && typeof tokens[field] !== 'string') return undefined;
    }
    if (tokens.expiresAt !== undefined && typeof tokens.expiresAt !== 'number') return undefined;
    return value as TokenSet;
  } catch {
    return undefined;
  }
}
