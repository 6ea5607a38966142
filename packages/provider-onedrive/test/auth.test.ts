import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FileTokenStore,
  isPolydriveError,
  MemoryTokenStore,
  PolydriveError,
} from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createOneDriveProvider, DEFAULT_REDIRECT_URI } from '../src/index.js';
import {
  CLIENT_ID,
  consent,
  EMAIL,
  emulatorAuth,
  signIn,
  startOneDriveEmulator,
} from './support/emulator.js';

let emulator: EmulatorHandle | undefined;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

function tokenRequests(emu: EmulatorHandle): number {
  return emu.faults
    .requests()
    .filter((r) => r.method === 'POST' && r.path.includes('/oauth2/v2.0/token')).length;
}

async function rejection(promise: Promise<unknown>): Promise<PolydriveError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof PolydriveError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('OneDriveAuth against the emulated Microsoft sign-in', () => {
  it('builds an authorization URL with PKCE (S256) and state on the configured login host', async () => {
    emulator = await startOneDriveEmulator();
    const auth = emulatorAuth(emulator);
    const request = await auth.getAuthorizationUrl();
    const url = new URL(request.url);
    expect(`${url.origin}${url.pathname}`).toBe(
      `${emulator.urls.login}/common/oauth2/v2.0/authorize`,
    );
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('redirect_uri')).toBe(DEFAULT_REDIRECT_URI);
    expect(url.searchParams.get('state')).toBe(request.state);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toBe(
      createHash('sha256').update(request.codeVerifier).digest('base64url'),
    );
    expect(url.searchParams.get('scope')?.split(' ')).toEqual(
      expect.arrayContaining(['Files.ReadWrite.All', 'offline_access', 'User.Read']),
    );
    const again = await auth.getAuthorizationUrl({ state: 'chosen-state' });
    expect(new URL(again.url).searchParams.get('state')).toBe('chosen-state');
    expect(again.codeVerifier).not.toBe(request.codeVerifier);
  });

  it('exchanges the code through msal and saves the login in the token store', async () => {
    emulator = await startOneDriveEmulator();
    const tokenStore = new MemoryTokenStore();
    const auth = emulatorAuth(emulator, { tokenStore });
    const request = await auth.getAuthorizationUrl();
    const redirect = await consent(request.url);
    expect(redirect.searchParams.get('state')).toBe(request.state);
    const login = await auth.exchangeCode({
      code: redirect.searchParams.get('code') as string,
      codeVerifier: request.codeVerifier,
    });
    expect(login.account.username).toBe(EMAIL);
    expect(login.tokens.expiresAt).toBeGreaterThan(Date.now());
    expect(await tokenStore.get(auth.accountKey)).toContain(login.tokens.accessToken);
    expect(await tokenStore.get(`${auth.accountKey}:msal-cache`)).toMatch(/RefreshToken/);
    const provider = createOneDriveProvider({ auth, graphBaseUrl: emulator.urls.graph });
    expect((await provider.about()).owner?.email).toBe(EMAIL);
  });

  it('refuses a code whose PKCE verifier does not match -> Unauthenticated', async () => {
    emulator = await startOneDriveEmulator();
    const auth = emulatorAuth(emulator);
    const request = await auth.getAuthorizationUrl();
    const redirect = await consent(request.url);
    const err = await rejection(
      auth.exchangeCode({
        code: redirect.searchParams.get('code') as string,
        codeVerifier: 'x'.repeat(43),
      }),
    );
    expect(err.code).toBe('Unauthenticated');
    expect(err.providerCode).toBe('invalid_grant');
    expect(err.message).not.toContain(redirect.searchParams.get('code') as string);
  });

  it('lets a fresh instance reuse the saved login without signing in or refreshing', async () => {
    emulator = await startOneDriveEmulator();
    const tokenStore = new MemoryTokenStore();
    await signIn(emulatorAuth(emulator, { tokenStore }));
    emulator.faults.clearRequests();
    const fresh = emulatorAuth(emulator, { tokenStore });
    const provider = createOneDriveProvider({ auth: fresh, graphBaseUrl: emulator.urls.graph });
    expect((await provider.stat({ path: '/' })).kind).toBe('folder');
    expect(tokenRequests(emulator)).toBe(0);
    expect((await fresh.getAccount())?.username).toBe(EMAIL);
  });

  it('refreshes before expiry and saves the rotated refresh token for the next process', async () => {
    emulator = await startOneDriveEmulator({
      accessTokenLifetimeSeconds: 60,
      rotatedRefreshTokens: 'revoke',
    });
    const tokenStore = new MemoryTokenStore();
    const first = await signIn(emulatorAuth(emulator, { tokenStore }));
    const original = await first.getAccessToken();
    const cacheKey = `${first.accountKey}:msal-cache`;
    const cacheBefore = await tokenStore.get(cacheKey);
    // Treat a 60-second token as about to expire, so every instance refreshes at once.
    const eager = { tokenStore, refreshSkewMs: 120_000 };
    const second = emulatorAuth(emulator, eager);
    const refreshed = await second.getAccessToken();
    expect(refreshed).not.toBe(original);
    expect(await tokenStore.get(cacheKey)).not.toBe(cacheBefore);
    // The first refresh token is revoked now: a third process can refresh only with the rotated one.
    const third = emulatorAuth(emulator, eager);
    const again = await third.getAccessToken();
    expect(again).not.toBe(refreshed);
    const provider = createOneDriveProvider({ auth: third, graphBaseUrl: emulator.urls.graph });
    expect((await provider.about()).owner?.email).toBe(EMAIL);
  });

  it('turns a revoked refresh token (invalid_grant) into Unauthenticated', async () => {
    emulator = await startOneDriveEmulator({ rotatedRefreshTokens: 'revoke' });
    const tokenStore = new MemoryTokenStore();
    const auth = await signIn(emulatorAuth(emulator, { tokenStore }));
    const stale = new MemoryTokenStore([
      [auth.accountKey, (await tokenStore.get(auth.accountKey)) as string],
      [
        `${auth.accountKey}:msal-cache`,
        (await tokenStore.get(`${auth.accountKey}:msal-cache`)) as string,
      ],
    ]);
    await auth.forceRefresh();
    const replayed = emulatorAuth(emulator, { tokenStore: stale, refreshSkewMs: 10 * 3600_000 });
    const err = await rejection(replayed.getAccessToken());
    expect(err.code).toBe('Unauthenticated');
    expect(err.providerCode).toBe('invalid_grant');
    expect(err.message).toMatch(/Log in again|Re-connect/);
  });

  it('refreshes once and replays the request when Graph says the token expired', async () => {
    emulator = await startOneDriveEmulator();
    const auth = await signIn(emulatorAuth(emulator));
    const provider = createOneDriveProvider({ auth, graphBaseUrl: emulator.urls.graph });
    await provider.stat({ path: '/' });
    emulator.microsoft.expireTokens();
    emulator.faults.clearRequests();
    const entries = await Promise.all(
      Array.from({ length: 5 }, () => provider.stat({ path: '/' })),
    );
    expect(entries.every((e) => e.kind === 'folder')).toBe(true);
    expect(tokenRequests(emulator)).toBe(1);
    const graphCalls = emulator.faults.requests().filter((r) => r.host === 'graph.microsoft.com');
    expect(graphCalls.filter((r) => r.status === 401).length).toBeGreaterThan(0);
    expect(graphCalls.filter((r) => r.status === 200).length).toBe(5);
  });

  it('refreshes once for two processes sharing a file token store', async () => {
    emulator = await startOneDriveEmulator();
    const dir = await mkdtemp(join(tmpdir(), 'pd-onedrive-'));
    try {
      const key = randomBytes(32);
      const path = join(dir, 'tokens.json');
      const first = await signIn(
        emulatorAuth(emulator, { tokenStore: new FileTokenStore({ path, key }) }),
      );
      const second = emulatorAuth(emulator, { tokenStore: new FileTokenStore({ path, key }) });
      const rejected = await first.getAccessToken();
      emulator.faults.clearRequests();
      const [a, b] = await Promise.all([
        first.forceRefresh(rejected),
        second.forceRefresh(rejected),
      ]);
      expect(a).toBe(b);
      expect(a).not.toBe(rejected);
      expect(tokenRequests(emulator)).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('signs in a confidential client with its secret and refuses a wrong secret', async () => {
    emulator = await startOneDriveEmulator();
    emulator.microsoft.registerClient({ clientId: 'web-app', clientSecret: 's3cret-value' });
    const good = await signIn(
      emulatorAuth(emulator, { clientId: 'web-app', clientSecret: 's3cret-value' }),
    );
    expect((await good.getAccount())?.username).toBe(EMAIL);
    const bad = emulatorAuth(emulator, { clientId: 'web-app', clientSecret: 'wrong-secret' });
    const err = await rejection(signIn(bad));
    expect(err.code).toBe('Unauthenticated');
    expect(err.message).not.toContain('wrong-secret');
  });

  it('talks to the tenant it is given', async () => {
    emulator = await startOneDriveEmulator();
    const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    await signIn(emulatorAuth(emulator, { tenant }));
    const token = emulator.faults.requests().find((r) => r.path.includes('/oauth2/v2.0/token'));
    expect(token?.host).toBe('login.microsoftonline.com');
    expect(token?.path.startsWith(`/${tenant}/oauth2/v2.0/token`)).toBe(true);
  });

  it('says Unauthenticated when nobody has signed in', async () => {
    emulator = await startOneDriveEmulator();
    const provider = createOneDriveProvider({
      clientId: CLIENT_ID,
      loginBaseUrl: emulator.urls.login,
      graphBaseUrl: emulator.urls.graph,
      tokenStore: new MemoryTokenStore(),
    });
    const err = await rejection(provider.stat({ path: '/' }));
    expect(err.code).toBe('Unauthenticated');
    expect(err.message).toMatch(/Log in/);
  });
});

describe('tokens managed by the caller', () => {
  it('uses a static access token and reports a rejected one as Unauthenticated', async () => {
    emulator = await startOneDriveEmulator();
    const { accessToken } = emulator.microsoft.mintToken(EMAIL);
    const provider = createOneDriveProvider({ accessToken, graphBaseUrl: emulator.urls.graph });
    expect((await provider.stat({ path: '/' })).kind).toBe('folder');
    emulator.microsoft.expireTokens();
    const err = await rejection(provider.stat({ path: '/' }));
    expect(err.code).toBe('Unauthenticated');
    expect(err.httpStatus).toBe(401);
    expect(err.message).not.toContain(accessToken);
  });

  it('asks the getAccessToken callback for a fresh token after a 401', async () => {
    emulator = await startOneDriveEmulator();
    const emu = emulator;
    const calls: boolean[] = [];
    let current: string | undefined;
    const provider = createOneDriveProvider({
      graphBaseUrl: emu.urls.graph,
      getAccessToken: ({ forceRefresh }) => {
        calls.push(forceRefresh);
        if (forceRefresh || current === undefined)
          current = emu.microsoft.mintToken(EMAIL).accessToken;
        return current;
      },
    });
    await provider.stat({ path: '/' });
    emu.microsoft.expireTokens();
    expect((await provider.stat({ path: '/' })).kind).toBe('folder');
    expect(calls).toEqual([false, false, true]);
    expect(
      isPolydriveError(
        await rejection(
          createOneDriveProvider({ graphBaseUrl: emu.urls.graph, getAccessToken: () => '' }).stat({
            path: '/',
          }),
        ),
        'Unauthenticated',
      ),
    ).toBe(true);
  });
});
