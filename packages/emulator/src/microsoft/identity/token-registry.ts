import type { Clock } from '../../server/clock.js';
import { randomToken } from '../../server/random.js';

/** An access token the emulator issued (or was given). */
export interface AccessGrant {
  readonly accountId: string;
  /** ms since the epoch; Infinity for static tokens. */
  expiresAt: number;
  readonly scopes: readonly string[];
}

/** A refresh token the emulator issued. */
export interface RefreshGrant {
  readonly accountId: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  revoked: boolean;
}

/** An authorization code waiting to be redeemed. */
export interface CodeGrant {
  readonly accountId: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: 'S256' | 'plain';
  readonly nonce: string | undefined;
  readonly expiresAt: number;
  redeemed: boolean;
}

/** What {@link TokenRegistry.checkAccess} found. */
export type AccessCheck =
  | { kind: 'valid'; grant: AccessGrant }
  | { kind: 'expired' }
  | { kind: 'unknown' };

/** Issued tokens and codes, in memory. Expired entries are swept as new ones are issued. */
export class TokenRegistry {
  readonly #access = new Map<string, AccessGrant>();
  readonly #refresh = new Map<string, RefreshGrant>();
  readonly #codes = new Map<string, CodeGrant>();

  constructor(private readonly now: Clock) {}

  /** Issues an access token. */
  issueAccess(accountId: string, scopes: readonly string[], lifetimeSeconds: number): string {
    this.#sweep();
    const token = `EwEmu${randomToken(48)}`;
    this.#access.set(token, { accountId, scopes, expiresAt: this.now() + lifetimeSeconds * 1000 });
    return token;
  }

  /** Registers a fixed token that never expires. */
  addStatic(token: string, accountId: string): void {
    this.#access.set(token, { accountId, scopes: [], expiresAt: Number.POSITIVE_INFINITY });
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

  /** Issues a refresh token. */
  issueRefresh(
    accountId: string,
    clientId: string,
    scopes: readonly string[],
    lifetimeSeconds: number,
  ): string {
    const token = `M.Emu.${randomToken(64)}`;
    this.#refresh.set(token, {
      accountId,
      clientId,
      scopes,
      expiresAt: this.now() + lifetimeSeconds * 1000,
      revoked: false,
    });
    return token;
  }

  /** A refresh token's grant, whatever its state. */
  refreshGrant(token: string): RefreshGrant | undefined {
    return this.#refresh.get(token);
  }

  /** Stores a code and returns it. */
  issueCode(grant: Omit<CodeGrant, 'redeemed'>): string {
    this.#sweep();
    const code = `M.C.Emu.${randomToken(32)}`;
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
    for (const [token, grant] of this.#refresh) {
      if (grant.expiresAt <= now - 86_400_000) this.#refresh.delete(token);
    }
  }
}
