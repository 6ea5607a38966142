import type { Clock } from '../../server/clock.js';
import {
  type AccessGrantBase,
  type CodeGrantBase,
  TokenRegistry as GrantRegistry,
  type RefreshGrantBase,
  type TokenShapes,
} from '../../server/token-registry.js';

/** An access token the emulator issued (or was given). */
export interface AccessGrant extends AccessGrantBase {
  readonly scopes: readonly string[];
}

/** A refresh token the emulator issued. */
export interface RefreshGrant extends RefreshGrantBase {
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

/** An authorization code waiting to be redeemed. */
export interface CodeGrant extends CodeGrantBase {
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly nonce: string | undefined;
}

/** How the tokens look: recognisable prefixes and random bodies of the service's lengths. */
const MICROSOFT_TOKENS: TokenShapes = {
  access: { prefix: 'EwEmu', bytes: 48 },
  refresh: { prefix: 'M.Emu.', bytes: 64 },
  code: { prefix: 'M.C.Emu.', bytes: 32 },
};

/** Issued tokens and codes of the Microsoft identity platform, in memory. */
export class TokenRegistry extends GrantRegistry<AccessGrant, RefreshGrant, CodeGrant> {
  constructor(now: Clock) {
    super(now, MICROSOFT_TOKENS, (accountId) => ({
      accountId,
      scopes: [],
      expiresAt: Number.POSITIVE_INFINITY,
    }));
  }

  /** Issues an access token. */
  issueAccess(accountId: string, scopes: readonly string[], lifetimeSeconds: number): string {
    return this.storeAccess({ accountId, scopes, expiresAt: this.now() + lifetimeSeconds * 1000 });
  }

  /** Issues a refresh token. */
  issueRefresh(
    accountId: string,
    clientId: string,
    scopes: readonly string[],
    lifetimeSeconds: number,
  ): string {
    return this.storeRefresh({
      accountId,
      clientId,
      scopes,
      expiresAt: this.now() + lifetimeSeconds * 1000,
      revoked: false,
    });
  }
}
