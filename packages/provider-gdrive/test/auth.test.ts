import { createDrive, MemoryTokenStore, PolydriveError, registerProvider } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createGoogleDriveProvider,
  parseGoogleDriveOptions,
  polydriveProvider,
} from '../src/index.js';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  consent,
  EMAIL,
  emulatorAuth,
  emulatorEndpoints,
  signIn,
  startGoogleEmulator,
} from './support/emulator.js';

let emulator: EmulatorHandle | undefined;

// The registry imports packages by name (their built dist): point it at this source instead.
registerProvider('gdrive', polydriveProvider);

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

function emu(): EmulatorHandle {
  if (!emulator) throw new Error('no emulator');
  return emulator;
}

function tokenRequests(): number {
  return emu()
    .faults.requests()
    .filter((r) => r.host === 'oauth2.googleapis.com' && r.path === '/token').length;
}

describe('sign-in through the registry (ProviderAuth)', () => {
  it('begins with PKCE, offline access and state, completes into the token store, and logs out', async () => {
    emulator = await startGoogleEmulator();
    const tokenStore = new MemoryTokenStore();
    const options = {
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      tokenStore,
      ...emulatorEndpoints(emulator),
    };
    const redirectUri = 'http://127.0.0.1:8765/callback';
    const auth = polydriveProvider.auth;
    if (!auth) throw new Error('the gdrive module has no auth');
    const start = await auth.beginLogin(options, { redirectUri, state: 'state-42' });
    const url = new URL(start.url);
    expect(url.origin + url.pathname).toBe(`${emulator.urls.googleAccounts}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      state: 'state-42',
      access_type: 'offline',
      prompt: 'consent',
      code_challenge_method: 'S256',
    });
    expect(start.codeVerifier).toMatch(/^[\w-]{43}$/);
    const back = await consent(start.url);
    expect(back.searchParams.get('state')).toBe('state-42');
    const done = await auth.completeLogin(options, {
      code: back.searchParams.get('code') as string,
      codeVerifier: start.codeVerifier,
      redirectUri,
    });
    expect(done).toEqual({ account: EMAIL });
    const saved = JSON.parse((await tokenStore.get(`gdrive:${CLIENT_ID}`)) as string) as Record<
      string,
      unknown
    >;
    expect(saved.refreshToken).toMatch(/^1\/\//);

    const drive = await createDrive({ provider: 'gdrive', options, layers: false }, {});
    await drive.write('/hello.txt', 'hello');
    expect(emulator.google.readFile(EMAIL, '/hello.txt')?.toString()).toBe('hello');

    await auth.logout(options);
    expect(await tokenStore.get(`gdrive:${CLIENT_ID}`)).toBeUndefined();
    const refresh = await fetch(`${emulator.urls.googleOAuth}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: saved.refreshToken as string,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      }),
    });
    expect(refresh.status).toBe(400);
    const err = await drive.stat('/').catch((e: unknown) => e as PolydriveError);
    expect((err as PolydriveError).code).toBe('Unauthenticated');
  });

  it('maps a refused code exchange without leaking the code', async () => {
    emulator = await startGoogleEmulator();
    const auth = emulatorAuth(emulator);
    const request = auth.getAuthorizationUrl();
    const code = (await consent(request.url)).searchParams.get('code') as string;
    const err = await auth
      .exchangeCode({ code, codeVerifier: 'x'.repeat(43) })
      .catch((e: unknown) => e as PolydriveError);
    expect(err).toBeInstanceOf(PolydriveError);
    expect([(err as PolydriveError).code, (err as PolydriveError).providerCode]).toEqual([
      'Unauthenticated',
      'invalid_grant',
    ]);
    expect((err as PolydriveError).message).not.toContain(code);
    expect((err as PolydriveError).cause).toBeUndefined();
  });
});

describe('tokens', () => {
  it('refreshes once after an expiry and keeps the refresh token Google does not resend', async () => {
    emulator = await startGoogleEmulator();
    const tokenStore = new MemoryTokenStore();
    const auth = await signIn(emulatorAuth(emulator, { tokenStore }));
    const before = await auth.tokenManager.getTokens();
    const provider = createGoogleDriveProvider({ auth, ...emulatorEndpoints(emulator) });
    const calls = tokenRequests();
    emulator.google.expireTokens();
    await Promise.all([
      provider.stat({ path: '/' }),
      provider.stat({ path: '/' }),
      provider.stat({ path: '/' }),
    ]);
    expect(tokenRequests()).toBe(calls + 1);
    const after = await auth.tokenManager.getTokens();
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(after?.refreshToken).toBe(before?.refreshToken);
  });

  it("leaves retrying a failed refresh to core's layers: one request, a Transient error", async () => {
    emulator = await startGoogleEmulator();
    const auth = await signIn(emulatorAuth(emulator));
    const provider = createGoogleDriveProvider({ auth, ...emulatorEndpoints(emulator) });
    emulator.google.expireTokens();
    emulator.faults.inject({ kind: 'status', status: 503, host: 'oauth2.googleapis.com' });
    const calls = tokenRequests();
    const err = await provider.stat({ path: '/' }).catch((e: unknown) => e as PolydriveError);
    expect([(err as PolydriveError).code, (err as PolydriveError).retryable]).toEqual([
      'Transient',
      true,
    ]);
    expect(tokenRequests()).toBe(calls + 1);
    expect((await provider.stat({ path: '/' })).kind).toBe('folder');
  });
});

describe('configuration', () => {
  it('opens a drive from a gdrive: URI with string options', async () => {
    emulator = await startGoogleEmulator();
    const tokenStore = new MemoryTokenStore();
    await signIn(emulatorAuth(emulator, { tokenStore }));
    const endpoints = emulatorEndpoints(emulator);
    const uri = `gdrive:?clientId=${CLIENT_ID}&clientSecret=${CLIENT_SECRET}&apiBaseUrl=${encodeURIComponent(endpoints.apiBaseUrl)}&oauthBaseUrl=${encodeURIComponent(endpoints.oauthBaseUrl)}&chunkSize=524288&duplicates=oldest`;
    const drive = await createDrive(uri, { options: { tokenStore } });
    expect(drive.capabilities.chunkDefaultSize).toBe(524288);
    await drive.write('/uri.txt', 'via uri');
    expect(await drive.readText('/uri.txt')).toBe('via uri');
  });

  it('parses and checks options', () => {
    expect(
      parseGoogleDriveOptions({
        clientId: 'c',
        pathCacheTtlMs: '0',
        debug: 'true',
        scopes: 'a b,c',
      }),
    ).toEqual({
      clientId: 'c',
      pathCacheTtlMs: 0,
      debug: true,
      scopes: ['a', 'b', 'c'],
    });
    expect(() => parseGoogleDriveOptions({ clientID: 'c' })).toThrow(/Unknown Google Drive option/);
    expect(() => parseGoogleDriveOptions({ duplicates: 'first' })).toThrow(/duplicates/);
    expect(() => createGoogleDriveProvider({ accessToken: 't', chunkSize: 1000 })).toThrow(
      /256 KiB/,
    );
    expect(() => createGoogleDriveProvider({})).toThrow(/clientId/);
  });
});
