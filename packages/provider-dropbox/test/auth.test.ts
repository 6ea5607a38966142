import {
  createDrive,
  MemoryTokenStore,
  PolydriveError,
  registerProvider,
  type TokenSet,
} from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDropboxProvider,
  DropboxOAuth,
  dropboxProviderAuth,
  polydriveProvider,
} from '../src/index.js';
import {
  CLIENT_ID,
  consent,
  EMAIL,
  emulatorUrls,
  REDIRECT_URI,
  signIn,
  startDropboxEmulator,
} from './support/emulator.js';

let emulator: EmulatorHandle | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function errorOf(promise: Promise<unknown>): Promise<PolydriveError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(PolydriveError);
    return err as PolydriveError;
  }
  throw new Error('it did not fail');
}

describe('sign-in through the registry (ProviderAuth)', () => {
  it('begins with PKCE, offline access and state; completes into the token store; logs out', async () => {
    emulator = await startDropboxEmulator();
    const store = new MemoryTokenStore();
    const options = { clientId: CLIENT_ID, tokenStore: store, ...emulatorUrls(emulator) };
    const started = await dropboxProviderAuth.beginLogin(options, {
      redirectUri: REDIRECT_URI,
      state: 'st/ate+1',
    });
    const url = new URL(started.url);
    expect(started.url.startsWith(`${emulator.urls.dropboxWeb}/oauth2/authorize?`)).toBe(true);
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('state')).toBe('st/ate+1');
    expect(url.searchParams.get('token_access_type')).toBe('offline');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(started.codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);

    const redirect = await consent(started.url);
    expect(redirect.searchParams.get('state')).toBe('st/ate+1');
    const done = await dropboxProviderAuth.completeLogin(options, {
      code: redirect.searchParams.get('code') as string,
      codeVerifier: started.codeVerifier,
      redirectUri: REDIRECT_URI,
    });
    expect(done.account).toBe(EMAIL);
    const saved = JSON.parse((await store.get(`dropbox:${CLIENT_ID}`)) as string) as TokenSet;
    expect(saved.refreshToken).toBeTruthy();
    expect(saved.expiresAt).toBeGreaterThan(Date.now());

    const provider = createDropboxProvider(options);
    expect((await provider.about()).owner?.email).toBe(EMAIL);
    await dropboxProviderAuth.logout(options);
    expect(await store.get(`dropbox:${CLIENT_ID}`)).toBeUndefined();
    const afterLogout = await errorOf(provider.stat({ path: '/' }).then(() => provider.about()));
    expect(afterLogout.code).toBe('Unauthenticated');
  });

  it('refuses a wrong verifier with Unauthenticated, and no secret reaches the message', async () => {
    emulator = await startDropboxEmulator();
    const auth = new DropboxOAuth({
      clientId: CLIENT_ID,
      tokenStore: new MemoryTokenStore(),
      ...emulatorUrls(emulator),
    });
    const started = await auth.getAuthorizationUrl({ redirectUri: REDIRECT_URI });
    const code = (await consent(started.url)).searchParams.get('code') as string;
    const err = await errorOf(
      auth.exchangeCode({ code, codeVerifier: 'x'.repeat(64), redirectUri: REDIRECT_URI }),
    );
    expect(err.code).toBe('Unauthenticated');
    expect(err.providerCode).toBe('invalid_grant');
    expect(err.message).not.toContain(code);
  });
});

describe('tokens', () => {
  it('refreshes once when the access token expires, and keeps using the new one', async () => {
    emulator = await startDropboxEmulator();
    const provider = createDropboxProvider(await signIn(emulator));
    await provider.stat({ path: '/' });
    emulator.dropbox.seed(EMAIL, { '/x.txt': 'x' });
    emulator.faults.clearRequests();
    emulator.dropbox.expireTokens();
    await Promise.all([1, 2, 3].map(() => provider.stat({ path: '/x.txt' })));
    const records = emulator.faults.requests();
    expect(records.filter((r) => r.path.startsWith('/oauth2/token'))).toHaveLength(1);
    expect(records.filter((r) => r.status === 401).length).toBeGreaterThan(0);
    emulator.faults.clearRequests();
    await provider.stat({ path: '/x.txt' });
    expect(emulator.faults.requests().map((r) => r.status)).toEqual([200]);
  });

  it('turns a revoked refresh token into Unauthenticated with advice to reconnect', async () => {
    emulator = await startDropboxEmulator();
    const provider = createDropboxProvider(await signIn(emulator));
    emulator.dropbox.revokeRefreshTokens(EMAIL);
    emulator.dropbox.expireTokens();
    const err = await errorOf(provider.stat({ path: '/a' }));
    expect(err.code).toBe('Unauthenticated');
    expect(err.message).toMatch(/Re-connect the account/);
  });

  it('connects with configuration alone: dropbox:?clientId=...&refreshToken=...', async () => {
    emulator = await startDropboxEmulator();
    const { refreshToken } = emulator.dropbox.mintToken(EMAIL, { clientId: CLIENT_ID });
    emulator.dropbox.seed(EMAIL, { '/hello.txt': 'hello' });
    registerProvider('dropbox', polydriveProvider);
    const query = new URLSearchParams({
      clientId: CLIENT_ID,
      refreshToken: refreshToken as string,
      apiBaseUrl: emulator.urls.dropboxApi,
      contentBaseUrl: emulator.urls.dropboxContent,
      chunkSize: String(8 * 1024 * 1024),
    });
    const drive = await createDrive(`dropbox:?${query}`);
    expect(drive.capabilities.chunkDefaultSize).toBe(8 * 1024 * 1024);
    expect(await drive.readText('/hello.txt')).toBe('hello');
    expect(
      emulator.faults.requests().filter((r) => r.path.startsWith('/oauth2/token')),
    ).toHaveLength(1);
  });

  it('a fixed access token is not refreshed: an expired one is Unauthenticated', async () => {
    emulator = await startDropboxEmulator();
    const { accessToken } = emulator.dropbox.mintToken(EMAIL);
    const provider = createDropboxProvider({ accessToken, ...emulatorUrls(emulator) });
    emulator.dropbox.expireTokens();
    const err = await errorOf(provider.about());
    expect(err.code).toBe('Unauthenticated');
    expect(err.providerCode).toBe('expired_access_token');
  });

  it('asks a getAccessToken callback again with forceRefresh after a 401', async () => {
    emulator = await startDropboxEmulator();
    const emu = emulator;
    let current = emu.dropbox.mintToken(EMAIL).accessToken;
    const asked: boolean[] = [];
    const provider = createDropboxProvider({
      ...emulatorUrls(emu),
      getAccessToken: ({ forceRefresh }) => {
        asked.push(forceRefresh);
        if (forceRefresh) current = emu.dropbox.mintToken(EMAIL).accessToken;
        return current;
      },
    });
    emu.dropbox.expireTokens();
    expect((await provider.about()).owner?.email).toBe(EMAIL);
    expect(asked.filter((force) => force).length).toBeGreaterThan(0);
  });
});
