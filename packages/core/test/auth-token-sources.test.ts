import { describe, expect, it } from 'vitest';
import {
  callbackTokenSource,
  type GetAccessToken,
  MemoryTokenStore,
  managedTokenSource,
  PolydriveError,
  staticTokenSource,
  TokenManager,
} from '../src/index.js';

const service = { provider: 'onedrive', service: 'Microsoft Graph' };

describe('token sources', () => {
  it('a static token never refreshes', async () => {
    const source = staticTokenSource('fixed');
    expect(await source.getAccessToken()).toBe('fixed');
    expect(await source.getAccessToken()).toBe('fixed');
    expect(await source.refreshAccessToken('fixed')).toBeUndefined();
  });

  it('a callback is asked for a forced refresh after a 401, with the signal', async () => {
    const calls: { forceRefresh: boolean; signal?: AbortSignal }[] = [];
    let next = 'first';
    const callback: GetAccessToken = (request) => {
      calls.push(request);
      return next;
    };
    const source = callbackTokenSource(callback, service);
    const signal = new AbortController().signal;
    expect(await source.getAccessToken(signal)).toBe('first');
    next = 'second';
    expect(await source.refreshAccessToken('first', signal)).toBe('second');
    expect(calls).toEqual([
      { forceRefresh: false, signal },
      { forceRefresh: true, signal },
    ]);
  });

  it('a callback that hands back the refused token has nothing newer', async () => {
    const source = callbackTokenSource(async () => 'same', service);
    expect(await source.refreshAccessToken('same')).toBeUndefined();
  });

  it('a callback that returns no token fails with advice naming the service', async () => {
    const source = callbackTokenSource(() => '' as string, service);
    const error = await source.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolydriveError);
    expect(error).toMatchObject({ code: 'Unauthenticated', provider: 'onedrive' });
    expect((error as PolydriveError).advice).toMatch(/Microsoft Graph access token/);
  });

  it('a managed source refreshes through the token manager only for the refused token', async () => {
    let refreshes = 0;
    const manager = new TokenManager({
      store: new MemoryTokenStore(),
      key: 'account',
      refresh: async () => {
        refreshes++;
        return { accessToken: `fresh-${refreshes}`, expiresAt: Date.now() + 3_600_000 };
      },
    });
    await manager.setTokens({ accessToken: 'old', expiresAt: Date.now() + 3_600_000 });
    const source = managedTokenSource(manager);
    expect(await source.getAccessToken()).toBe('old');
    expect(await source.refreshAccessToken('old')).toBe('fresh-1');
    expect(await source.refreshAccessToken('old')).toBe('fresh-1');
    expect(refreshes).toBe(1);
  });
});
