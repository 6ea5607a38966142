import type { Clock } from './clock.js';
import { randomToken } from './random.js';

/** What every access token grant records. */
export interface AccessGrantBase {
  readonly accountId: string;
  /** ms since the epoch; Infinity for tokens that never expire. */
  expiresAt: number;
  /** A revoked token is as good as unknown. */
  revoked?: boolean;
}

/** What every refresh token grant records. */
export interface RefreshGrantBase {
  readonly accountId: string;
  readonly clientId: string;
  revoked: boolean;
  /** ms since the epoch, for services whose refresh tokens expire. */
  readonly expiresAt?: number;
}

/** What every authorization code grant records. */
export interface CodeGrantBase {
  readonly accountId: string;
  readonly clientId: string;
  /** The PKCE challenge of the authorization request, if it made one. */
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: 'S256' | 'plain';
  readonly expiresAt: number;
  redeemed: boolean;
}

/** How a service's tokens look: a recognisable prefix and this many random bytes. */
export interface TokenShape {
  readonly prefix: string;
  readonly bytes: number;
}

/** The shapes of a service's access tokens, refresh tokens and authorization codes. */
export interface TokenShapes {
  readonly access: TokenShape;
  readonly refresh: TokenShape;
  readonly code: TokenShape;
}

/** What {@link TokenRegistry.checkAccess} found. */
export type AccessCheck<Access> =
  | { kind: 'valid'; grant: Access }
  | { kind: 'expired' }
  | { kind: 'unknown' };

/** Access tokens and codes are forgotten an hour after they expire, refresh tokens a day after. */
const ACCESS_GRACE_MS = 3600_000;
const REFRESH_GRACE_MS = 86_400_000;

/**
 * Issued access tokens, refresh tokens and authorization codes, in memory; each service keeps
 * its own grants (scopes, PKCE, nonce, ...) and token shapes. Expired entries are swept as new
 * ones are issued.
 */
export class TokenRegistry<
  Access extends AccessGrantBase,
  Refresh extends RefreshGrantBase,
  Code extends CodeGrantBase,
> {
  protected readonly access = new Map<string, Access>();
  protected readonly refresh = new Map<string, Refresh>();
  readonly #codes = new Map<string, Code>();

  constructor(
    protected readonly now: Clock,
    private readonly shapes: TokenShapes,
    /** The grant of a fixed token given to {@link addStatic}: it never expires. */
    private readonly staticGrant: (accountId: string) => Access,
  ) {}

  /** Registers a fixed token that never expires. */
  addStatic(token: string, accountId: string): void {
    this.access.set(token, this.staticGrant(accountId));
  }

  /** Looks up a bearer token; a revoked one counts as unknown. */
  checkAccess(token: string): AccessCheck<Access> {
    const grant = this.access.get(token);
    if (!grant || grant.revoked) return { kind: 'unknown' };
    if (grant.expiresAt <= this.now()) return { kind: 'expired' };
    return { kind: 'valid', grant };
  }

  /** Makes every access token of an account (or of all accounts) expired, static ones included. */
  expireAccess(accountId?: string): void {
    for (const grant of this.access.values()) {
      if (accountId === undefined || grant.accountId === accountId) grant.expiresAt = 0;
    }
  }

  /** A refresh token's grant, whatever its state. */
  refreshGrant(token: string): Refresh | undefined {
    return this.refresh.get(token);
  }

  /** Stores a code and returns it. */
  issueCode(grant: Omit<Code, 'redeemed'>): string {
    this.#sweep();
    const code = this.#token(this.shapes.code);
    this.#codes.set(code, { ...grant, redeemed: false } as Code);
    return code;
  }

  /** A code's grant, redeemed or not. */
  codeGrant(code: string): Code | undefined {
    return this.#codes.get(code);
  }

  /** Stores an access grant under a new token. */
  protected storeAccess(grant: Access): string {
    this.#sweep();
    const token = this.#token(this.shapes.access);
    this.access.set(token, grant);
    return token;
  }

  /** Stores a refresh grant under a new token. */
  protected storeRefresh(grant: Refresh): string {
    const token = this.#token(this.shapes.refresh);
    this.refresh.set(token, grant);
    return token;
  }

  #token(shape: TokenShape): string {
    return `${shape.prefix}${randomToken(shape.bytes)}`;
  }

  #sweep(): void {
    const now = this.now();
    for (const [token, grant] of this.access)
      if (grant.expiresAt <= now - ACCESS_GRACE_MS) this.access.delete(token);
    for (const [code, grant] of this.#codes)
      if (grant.expiresAt <= now - ACCESS_GRACE_MS) this.#codes.delete(code);
    for (const [token, grant] of this.refresh) {
      if (grant.expiresAt !== undefined && grant.expiresAt <= now - REFRESH_GRACE_MS) {
        this.refresh.delete(token);
      }
    }
  }
}
