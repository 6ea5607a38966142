import type { Clock } from '../../server/clock.js';
import { randomToken } from '../../server/random.js';

/** An access token the emulator issued (or was given). */
export interface GoogleAccessGrant {
  readonly accountId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** ms since the epoch; Infinity for static tokens. */
  expiresAt: number;
  /** The refresh token it came with or from, so that revoking either revokes both. */
  readonly refreshToken: string | undefined;
  revoked: boolean;
}

/** A refresh token: Google's live until revoked (or unused for months, not emulated). */
export interface GoogleRefreshGrant {
  readonly accountId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  revoked: boolean;
}

/** An authorization code waiting to be redeemed. */
export interface GoogleCodeGrant {
  readonly accountId: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: 'S256' | 'plain';
  /** A refresh token comes with the code exchange (access_type=offline, first consent or prompt=consent). */
  readonly offline: boolean;
  readonly expiresAt: number;
  redeemed: boolean;
}

/** What {@link GoogleTokenRegistry.checkAccess} found. */
export type GoogleAccessCheck =
  | { kind: 'valid'; grant: GoogleAccessGrant }
  | { kind: 'expired' }
  | { kind: 'unknown' };

/** Issued tokens and codes, in memory. */
export class GoogleTokenRegistry {
  readonly #access = new Map<string, GoogleAccessGrant>();
  readonly #refresh = new Map<string, GoogleRefreshGrant>();
  readonly #codes = new Map<string, GoogleCodeGrant>();
  /** account id + client id pairs that have consented, so later consents give no refresh token. */
  readonly #consents = new Set<string>();

  constructor(private readonly now: Clock) {}

  /** Issues an access token, tied to a refresh token when there is one. */
  issueAccess(
    accountId: string,
    clientId: string,
    scopes: readonly string[],
    lifetimeSeconds: number,
    refreshToken: string | undefined,
  ): string {
    this.#sweep();
    const token = `ya29.emu-${randomToken(48)}`;
    this.#access.set(token, {
      accountId,
      clientId,
      scopes,
      expiresAt: this.now() + lifetimeSeconds * 1000,
      refreshToken,
      revoked: false,
    });
    return token;
  }

  /** Registers a fixed token that never expires. */
  addStatic(token: string, accountId: string): void {
    this.#access.set(token, {
      accountId,
      clientId: '',
      scopes: [],
      expiresAt: Number.POSITIVE_INFINITY,
      refreshToken: undefined,
      revoked: false,
    });
  }

  /** Looks up a bearer token; a revoked one counts as unknown. */
  checkAccess(token: string): GoogleAccessCheck {
    const grant = this.#access.get(token);
    if (!grant || grant.revoked) return { kind: 'unknown' };
    if (grant.expiresAt <= this.now()) return { kind: 'expired' };
    return { kind: 'valid', grant };
  }

  /** Makes every access token of an account (or of all accounts) expired, static ones included. */
  expireAccess(accountId?: string): void {
    for (const grant of this.#access.values()) {
      if (accountId === undefined || grant.accountId === accountId) grant.expiresAt = 0;
    }
  }

  /** Issues a refresh token. */
  issueRefresh(accountId: string, clientId: string, scopes: readonly string[]): string {
    const token = `1//emu-${randomToken(48)}`;
    this.#refresh.set(token, { accountId, clientId, scopes, revoked: false });
    return token;
  }

  /** A refresh token's grant, whatever its state. */
  refreshGrant(token: string): GoogleRefreshGrant | undefined {
    return this.#refresh.get(token);
  }

  /**
   * Revokes a token as `/revoke` does: a refresh token and every access token issued from it, or
   * an access token and the refresh token behind it. False when the token is unknown or already
   * revoked.
   */
  revoke(token: string): boolean {
    const refresh = this.#refresh.get(token);
    const access = this.#access.get(token);
    const refreshToken = refresh ? token : access?.refreshToken;
    if ((refresh?.revoked ?? true) && (access?.revoked ?? true)) return false;
    if (access) access.revoked = true;
    if (refreshToken !== undefined) {
      const grant = this.#refresh.get(refreshToken);
      if (grant) grant.revoked = true;
      for (const candidate of this.#access.values()) {
        if (candidate.refreshToken === refreshToken) candidate.revoked = true;
      }
    }
    return true;
  }

  /** Stores a code and returns it. */
  issueCode(grant: Omit<GoogleCodeGrant, 'redeemed'>): string {
    this.#sweep();
    const code = `4/0emu-${randomToken(32)}`;
    this.#codes.set(code, { ...grant, redeemed: false });
    return code;
  }

  /** A code's grant, redeemed or not. */
  codeGrant(code: string): GoogleCodeGrant | undefined {
    return this.#codes.get(code);
  }

  /** Records consent; returns whether this account had already consented to this client. */
  consent(accountId: string, clientId: string): boolean {
    const key = `${accountId} ${clientId}`;
    const before = this.#consents.has(key);
    this.#consents.add(key);
    return before;
  }

  #sweep(): void {
    const now = this.now();
    for (const [token, grant] of this.#access)
      if (grant.expiresAt <= now - 3600_000) this.#access.delete(token);
    for (const [code, grant] of this.#codes)
      if (grant.expiresAt <= now - 3600_000) this.#codes.delete(code);
  }
}
