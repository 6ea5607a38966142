import { createDrive, loadProvider, MemoryTokenStore } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, consent, EMAIL, startOneDriveEmulator } from './support/emulator.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startOneDriveEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

describe('sign-in through the registry (ProviderAuth)', () => {
  it('logs in with only the options createDrive takes, then the drive works', async () => {
    const tokenStore = new MemoryTokenStore();
    const options = {
      clientId: CLIENT_ID,
      loginBaseUrl: emulator.urls.login,
      graphBaseUrl: emulator.urls.graph,
      tokenStore,
    };
    const { auth } = await loadProvider('onedrive');
    if (!auth) throw new Error('onedrive exports no auth');
    const redirectUri = 'http://127.0.0.1:9/callback';
    const start = await auth.beginLogin(options, { redirectUri, state: 'st-123' });
    expect(new URL(start.url).searchParams.get('state')).toBe('st-123');
    expect(start.url).not.toContain(start.codeVerifier);
    const redirect = await consent(start.url);
    expect(redirect.searchParams.get('state')).toBe('st-123');
    const code = redirect.searchParams.get('code') as string;
    const done = await auth.completeLogin(options, {
      code,
      codeVerifier: start.codeVerifier,
      redirectUri,
    });
    expect(done.account).toBe(EMAIL);

    const drive = await createDrive({ provider: 'onedrive', options });
    await drive.write('/signed-in.txt', 'hello');
    expect(await drive.readText('/signed-in.txt')).toBe('hello');

    await auth.logout(options);
    const after = await createDrive({ provider: 'onedrive', options, layers: false });
    await expect(after.stat('/signed-in.txt')).rejects.toMatchObject({ code: 'Unauthenticated' });
  });
});
