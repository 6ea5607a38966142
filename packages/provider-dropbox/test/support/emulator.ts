import { MemoryTokenStore } from '@polydrive/core';
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@polydrive/emulator';
import { type DropboxProviderOptions, dropboxProviderAuth } from '../../src/index.js';

/** The app key the tests use. */
export const CLIENT_ID = 'polydrive-test-app';

/** The seeded account. */
export const EMAIL = 'ada@example.com';

/** The redirect URI of the test logins (never called: the tests read the redirect themselves). */
export const REDIRECT_URI = 'http://localhost:8080/callback';

/** Starts the emulator on a free loopback port with one Dropbox account. */
export async function startDropboxEmulator(
  dropbox: EmulatorOptions['dropbox'] = {},
): Promise<EmulatorHandle> {
  return startEmulator({
    port: 0,
    providers: ['dropbox'],
    dropbox: {
      ...dropbox,
      accounts: [{ email: EMAIL, displayName: 'Ada Lovelace' }, ...(dropbox.accounts ?? [])],
    },
  });
}

/** The base URL options that point the provider at the emulator. */
export function emulatorUrls(emulator: EmulatorHandle): Partial<DropboxProviderOptions> {
  return {
    apiBaseUrl: emulator.urls.dropboxApi,
    contentBaseUrl: emulator.urls.dropboxContent,
    webBaseUrl: emulator.urls.dropboxWeb,
  };
}

/** Plays the browser: opens the consent page, allows it as `account`, returns the redirect's URL. */
export async function consent(authorizationUrl: string, account = EMAIL): Promise<URL> {
  const page = await fetch(authorizationUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}`);
  await page.text();
  const answer = await fetch(authorizationUrl, {
    method: 'POST',
    body: new URLSearchParams({ account, consent: 'accept' }),
    redirect: 'manual',
  });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`consent answered ${answer.status}`);
  return new URL(location);
}

/**
 * Signs in through the registry's ProviderAuth, as the CLI does, and returns provider options
 * whose token store holds the login.
 */
export async function signIn(
  emulator: EmulatorHandle,
  extra: Partial<DropboxProviderOptions> = {},
): Promise<DropboxProviderOptions> {
  const options = {
    clientId: CLIENT_ID,
    tokenStore: new MemoryTokenStore(),
    ...emulatorUrls(emulator),
    ...extra,
  };
  const record = options as unknown as Record<string, unknown>;
  const started = await dropboxProviderAuth.beginLogin(record, {
    redirectUri: REDIRECT_URI,
    state: 'test-state',
  });
  const redirect = await consent(started.url);
  const code = redirect.searchParams.get('code');
  if (!code || redirect.searchParams.get('state') !== 'test-state') {
    throw new Error('the redirect carries no code or the wrong state');
  }
  await dropboxProviderAuth.completeLogin(record, {
    code,
    codeVerifier: started.codeVerifier,
    redirectUri: REDIRECT_URI,
  });
  return options;
}
