import type { Clock } from '../server/clock.js';
import { randomToken } from '../server/random.js';

/** What `token_access_type` asked for: `offline` adds a refresh token, `legacy` never expires. */
export type TokenAccessType = 'offline' | 'online' | 'legacy';

/** An access token the emulator issued (or was given). */
export interface AccessGrant {
  readonly accountId: string;
  /** ms since the epoch; Infinity for legacy and static tokens. */
  expiresAt: number;
}

/** A refresh token. */
export interface RefreshGrant {
  readonly accountId: string;
  readonly clientId: string;
  readonly scope: string;
  /** The code was redeemed with PKCE: refreshing needs no app secret. */
  readonly pkce: boolean;
  revoked: boolean;
}

/** An authorization code waiting to be redeemed. */
export interface CodeGrant {
  readonly accountId: string;
  readonly clientId: string;
  /** Undefined for the no-redirect flow (the code is shown on the page). */
  readonly redirectUri: string | undefined;
  readonly scope: string;
  readonly accessType: TokenAccessType;
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: 'S256' | 'plain';
  readonly expiresAt: number;
  redeemed: boolean;
}

/** What {@link DropboxTokens.checkAccess} found. */
export type AccessCheck =
  | { kind: 'valid'; grant: AccessGrant }
  | { kind: 'expired' }
  | { kind: 'unknown' };

/** Issued tokens and codes, in memory. */
export class DropboxTokens {
  readonly #access = new Map<string, AccessGrant>();
  readonly #refresh = new Map<string, RefreshGrant>();
  readonly #codes = new Map<string, CodeGrant>();

  constructor(private readonly now: Clock) {}

  /** Issues an access token; no lifetime means it never expires (legacy). */
  issueAccess(accountId: string, lifetimeSeconds: number | undefined): string {
    this.#sweep();
    const token = `sl.u.Emu${randomToken(96)}`;
    this.#access.set(token, {
      accountId,
      expiresAt:
        lifetimeSeconds === undefined
          ? Number.POSITIVE_INFINITY
          : this.now() + lifetimeSeconds * 1000,
    });
    return token;
  }

  /** Registers a fixed token that never expires. */
  addStatic(token: string, accountId: string): void {
    this.#access.set(token, { accountId, expiresAt: Number.POSITIVE_INFINITY });
  }

  /** Looks up a bearer token. */
  checkAccess(token: string): AccessCheck {
    const grant = this.#access.get(token);
    if (!grant) return { kind: 'unknown' };
    if (grant.expiresAt <= this.now()) return { kind: 'expired' };
    return { kind: 'valid', grant };
  }

  /** Makes every access token of an account (or of all accounts) expired, static ones included. */
  expireAccess(accountId?: string): void {
    for (const grant of this.#access.values()) {
      if (accountId === undefined || grant.accountId === accountId) grant.expiresAt = 0;
    }
  }

  /** Issues a refresh token; it lives until revoked. */
  issueRefresh(accountId: string, clientId: string, scope: string, pkce: boolean): string {
    const token = `EmuRT${randomToken(48)}`;
    this.#refresh.set(token, { accountId, clientId, scope, pkce, revoked: false });
    return token;
  }

  /** A refresh token's grant. */
  refreshGrant(token: string): RefreshGrant | undefined {
    return this.#refresh.get(token);
  }

  /** Revokes every refresh token of an account: the next refresh answers invalid_grant. */
  revokeRefresh(accountId: string): void {
    for (const grant of this.#refresh.values()) {
      if (grant.accountId === accountId) grant.revoked = true;
    }
  }

  /** Stores a code and returns it. */
  issueCode(grant: Omit<CodeGrant, 'redeemed'>): string {
    this.#sweep();
    const code = `EmuCode${randomToken(30)}`;
    this.#codes.set(code, { ...grant, redeemed: false });
    return code;
  }

  /** A code's grant, redeemed or not. */
  codeGrant(code: string): CodeGrant | undefined {
    return this.#codes.get(code);
  }

  #sweep(): void {
    const now = this.now();
    for (const [token, grant] of this.#access)
      if (grant.expiresAt <= now - 3600_000) this.#access.delete(token);
    for (const [code, grant] of this.#codes)
      if (grant.expiresAt <= now - 3600_000) this.#codes.delete(code);
  }
}
