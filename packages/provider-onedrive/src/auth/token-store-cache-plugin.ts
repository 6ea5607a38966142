import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { TokenStore } from '@polydrive/core';

/**
 * Keeps msal's serialised token cache (accounts, refresh tokens, access tokens) in a Polydrive
 * TokenStore under one key, so any store (memory, encrypted file, shared) persists it and rotated
 * refresh tokens survive restarts.
 */
export class TokenStoreCachePlugin implements ICachePlugin {
  constructor(
    private readonly store: TokenStore,
    private readonly key: string,
  ) {}

  async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
    const saved = await this.store.get(this.key);
    // Always reload (an empty cache when nothing is saved): another process may have rotated the
    // refresh token, or signed out, since the last access.
    context.tokenCache.deserialize(saved ?? '{}');
  }

  async afterCacheAccess(context: TokenCacheContext): Promise<void> {
    if (context.cacheHasChanged) await this.store.set(this.key, context.tokenCache.serialize());
  }
}
