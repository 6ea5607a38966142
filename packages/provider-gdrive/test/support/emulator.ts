import { MemoryTokenStore } from '@polydrive/core';
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '@polydrive/emulator';
import { GoogleDriveAuth, type GoogleDriveAuthOptions } from '../../src/index.js';

/** The OAuth client the tests use. */
export const CLIENT_ID = '123456789-polydrive.apps.googleusercontent.com';
/** Its secret (Google gives desktop clients one too). */
export const CLIENT_SECRET = 'GOCSPX-test-secret';

/** The seeded account. */
export const EMAIL = 'ada@example.com';

/** Starts the emulator (Google only) on a free loopback port with one account and the client. */
export async function startGoogleEmulator(
  google: EmulatorOptions['google'] = {},
): Promise<EmulatorHandle> {
  return startEmulator({
    port: 0,
    providers: ['google'],
    google: {
      ...google,
      accounts: [{ email: EMAIL, displayName: 'Ada' }, ...(google.accounts ?? [])],
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }, ...(google.clients ?? [])],
    },
  });
}

/** The provider options that point at the emulator. */
export function emulatorEndpoints(emulator: EmulatorHandle): {
  apiBaseUrl: string;
  oauthBaseUrl: string;
  accountsBaseUrl: string;
} {
  return {
    apiBaseUrl: emulator.urls.googleApis,
    oauthBaseUrl: emulator.urls.googleOAuth,
    accountsBaseUrl: emulator.urls.googleAccounts,
  };
}

/** A GoogleDriveAuth pointed at the emulator, keeping its login in a memory store. */
export function emulatorAuth(
  emulator: EmulatorHandle,
  options: Partial<GoogleDriveAuthOptions> = {},
): GoogleDriveAuth {
  const { oauthBaseUrl, accountsBaseUrl } = emulatorEndpoints(emulator);
  return new GoogleDriveAuth({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    oauthBaseUrl,
    accountsBaseUrl,
    tokenStore: new MemoryTokenStore(),
    ...options,
  });
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

/** Runs the whole code flow against the emulator and returns the signed-in auth. */
export async function signIn(auth: GoogleDriveAuth, account = EMAIL): Promise<GoogleDriveAuth> {
  const request = auth.getAuthorizationUrl();
  const redirect = await consent(request.url, account);
  const code = redirect.searchParams.get('code');
  if (!code) throw new Error('no code in the redirect');
  await auth.exchangeCode({ code, codeVerifier: request.codeVerifier });
  return auth;
}
