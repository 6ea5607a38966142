import type { Clock } from '../../server/clock.js';
import {
  type AccessGrantBase,
  type CodeGrantBase,
  type RefreshGrantBase,
  TokenRegistry,
  type TokenShapes,
} from '../../server/token-registry.js';

/** An access token the emulator issued (or was given). */
export interface GoogleAccessGrant extends AccessGrantBase {
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** The refresh token it came with or from, so that revoking either revokes both. */
  readonly refreshToken: string | undefined;
  revoked: boolean;
}

/** A refresh token: Google's live until revoked (or unused for months, not emulated). */
export interface GoogleRefreshGrant extends RefreshGrantBase {
  readonly scopes: readonly string[];
}

/** An authorization code waiting to be redeemed. */
export interface GoogleCodeGrant extends CodeGrantBase {
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  /** A refresh token comes with the code exchange (access_type=offline, first consent or prompt=consent). */
  readonly offline: boolean;
}

/** How the tokens look: recognisable prefixes and random bodies of the service's lengths. */
const GOOGLE_TOKENS: TokenShapes = {
  access: { prefix: 'ya29.emu-', bytes: 48 },
  refresh: { prefix: '1//emu-', bytes: 48 },
  code: { prefix: '4/0emu-', bytes: 32 },
};

/** Issued tokens and codes of Google OAuth, in memory, with revocation and remembered consent. */
export class GoogleTokenRegistry extends TokenRegistry<
  GoogleAccessGrant,
  GoogleRefreshGrant,
  GoogleCodeGrant
> {
  /** account id + client id pairs that have consented, so later consents give no refresh token. */
  readonly #consents = new Set<string>();

  constructor(now: Clock) {
    super(now, GOOGLE_TOKENS, (accountId) => ({
      accountId,
      clientId: '',
      scopes: [],
      expiresAt: Number.POSITIVE_INFINITY,
      refreshToken: undefined,
      revoked: false,
    }));
  }

  /** Issues an access token, tied to a refresh token when there is one. */
  issueAccess(
    accountId: string,
    clientId: string,
    scopes: readonly string[],
    lifetimeSeconds: number,
    refreshToken: string | undefined,
  ): string {
    return this.storeAccess({
      accountId,
      clientId,
      scopes,
      expiresAt: this.now() + lifetimeSeconds * 1000,
      refreshToken,
      revoked: false,
    });
  }

  /** Issues a refresh token. */
  issueRefresh(accountId: string, clientId: string, scopes: readonly string[]): string {
    return this.storeRefresh({ accountId, clientId, scopes, revoked: false });
  }

  /**
   * Revokes a token as `/revoke` does: a refresh token and every access token issued from it, or
   * an access token and the refresh token behind it. False when the token is unknown or already
   * revoked.
   */
  revoke(token: string): boolean {
    const refresh = this.refresh.get(token);
    const access = this.access.get(token);
    const refreshToken = refresh ? token : access?.refreshToken;
    if ((refresh?.revoked ?? true) && (access?.revoked ?? true)) return false;
    if (access) access.revoked = true;
    if (refreshToken !== undefined) {
      const grant = this.refresh.get(refreshToken);
      if (grant) grant.revoked = true;
      for (const candidate of this.access.values()) {
        if (candidate.refreshToken === refreshToken) candidate.revoked = true;
      }
    }
    return true;
  }

  /** Records consent; returns whether this account had already consented to this client. */
  consent(accountId: string, clientId: string): boolean {
    const key = `${accountId} ${clientId}`;
    const before = this.#consents.has(key);
    this.#consents.add(key);
    return before;
  }
}
