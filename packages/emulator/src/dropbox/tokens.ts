import type { Clock } from '../server/clock.js';
import {
  type AccessGrantBase,
  type CodeGrantBase,
  type RefreshGrantBase,
  TokenRegistry,
  type TokenShapes,
} from '../server/token-registry.js';

/** What `token_access_type` asked for: `offline` adds a refresh token, `legacy` never expires. */
export type TokenAccessType = 'offline' | 'online' | 'legacy';

/** A refresh token. */
export interface RefreshGrant extends RefreshGrantBase {
  readonly scope: string;
  /** The code was redeemed with PKCE: refreshing needs no app secret. */
  readonly pkce: boolean;
}

/** An authorization code waiting to be redeemed. */
export interface CodeGrant extends CodeGrantBase {
  /** Undefined for the no-redirect flow (the code is shown on the page). */
  readonly redirectUri: string | undefined;
  readonly scope: string;
  readonly accessType: TokenAccessType;
}

/** How the tokens look: recognisable prefixes and random bodies of the service's lengths. */
const DROPBOX_TOKENS: TokenShapes = {
  access: { prefix: 'sl.u.Emu', bytes: 96 },
  refresh: { prefix: 'EmuRT', bytes: 48 },
  code: { prefix: 'EmuCode', bytes: 30 },
};

/** Issued tokens and codes of Dropbox OAuth, in memory. */
export class DropboxTokens extends TokenRegistry<AccessGrantBase, RefreshGrant, CodeGrant> {
  constructor(now: Clock) {
    super(now, DROPBOX_TOKENS, (accountId) => ({ accountId, expiresAt: Number.POSITIVE_INFINITY }));
  }

  /** Issues an access token; no lifetime means it never expires (legacy). */
  issueAccess(accountId: string, lifetimeSeconds: number | undefined): string {
    return this.storeAccess({
      accountId,
      expiresAt:
        lifetimeSeconds === undefined
          ? Number.POSITIVE_INFINITY
          : this.now() + lifetimeSeconds * 1000,
    });
  }

  /** Issues a refresh token; it lives until revoked. */
  issueRefresh(accountId: string, clientId: string, scope: string, pkce: boolean): string {
    return this.storeRefresh({ accountId, clientId, scope, pkce, revoked: false });
  }

  /** Revokes every refresh token of an account: the next refresh answers invalid_grant. */
  revokeRefresh(accountId: string): void {
    for (const grant of this.refresh.values()) {
      if (grant.accountId === accountId) grant.revoked = true;
    }
  }
}
