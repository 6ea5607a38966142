import { MemoryTokenStore } from '@polydrive/core';
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@polydrive/emulator';
import { OneDriveAuth, type OneDriveAuthOptions } from '../../src/index.js';

/** The app registration the tests use. */
export const CLIENT_ID = '11111111-2222-3333-4444-555555555555';

/** The seeded account. */
export const EMAIL = 'ada@example.com';

/** Starts the emulator on a free loopback port with one personal account. */
export async function startOneDriveEmulator(
  microsoft: EmulatorOptions['microsoft'] = {},
): Promise<EmulatorHandle> {
  return startEmulator({
    port: 0,
    microsoft: {
      ...microsoft,
      accounts: [{ email: EMAIL, displayName: 'Ada' }, ...(microsoft.accounts ?? [])],
    },
  });
}

/** An OneDriveAuth pointed at the emulator, keeping its login in `tokenStore`. */
export function emulatorAuth(
  emulator: EmulatorHandle,
  options: Partial<OneDriveAuthOptions> = {},
): OneDriveAuth {
  return new OneDriveAuth({
    clientId: CLIENT_ID,
    loginBaseUrl: emulator.urls.login,
    tokenStore: new MemoryTokenStore(),
    ...options,
  });
}

/** Plays the browser: opens the consent page, accepts it as `account`, returns the redirect's URL. */
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

/** Runs the whole code flow against the emulator and returns the signed-in auth. */
export async function signIn(auth: OneDriveAuth, account = EMAIL): Promise<OneDriveAuth> {
  const request = await auth.getAuthorizationUrl();
  const redirect = await consent(request.url, account);
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error('no code in the redirect');
  await auth.exchangeCode({ code, codeVerifier: request.codeVerifier });
  return auth;
}
