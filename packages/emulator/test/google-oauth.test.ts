import { auth, drive } from '@googleapis/drive';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../src/index.js';

const CLIENT_ID = '1234-emu.apps.googleusercontent.com';
const CLIENT_SECRET = 'GOCSPX-emulator-secret';
const REDIRECT = 'http://127.0.0.1:8080/callback';
const SCOPE = 'https://www.googleapis.com/auth/drive';

let emu: EmulatorHandle;

afterEach(async () => {
  await emu?.stop();
});

async function start(): Promise<EmulatorHandle> {
  emu = await startEmulator({
    providers: ['google'],
    google: {
      accounts: [{ email: 'ada@example.com', displayName: 'Ada' }],
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT] }],
    },
  });
  return emu;
}

function oauthClient(options: { forceRefreshOnFailure?: boolean } = {}) {
  return new auth.OAuth2({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: REDIRECT,
    ...options,
    endpoints: {
      oauth2AuthBaseUrl: `${emu.urls.googleAccounts}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${emu.urls.googleOAuth}/token`,
      oauth2RevokeUrl: `${emu.urls.googleOAuth}/revoke`,
      tokenInfoUrl: `${emu.urls.googleOAuth}/tokeninfo`,
    },
  });
}

/** Plays the browser: shows the consent page, answers it, returns the redirect's query. */
async function consent(
  url: string,
  answer: 'accept' | 'deny' = 'accept',
): Promise<URLSearchParams> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('ada@example.com');
  const res = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams({ account: 'ada@example.com', consent: answer }),
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('location') as string);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  return location.searchParams;
}

describe('Google OAuth through google-auth-library', () => {
  it('runs the code flow with PKCE, refreshes without a new refresh token, and revokes', async () => {
    await start();
    const client = oauthClient({ forceRefreshOnFailure: true });
    const pkce = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: [SCOPE],
      state: 'state-123',
      code_challenge: pkce.codeChallenge as string,
      code_challenge_method: 'S256' as never,
    });
    expect(url.startsWith(`${emu.urls.googleAccounts}/o/oauth2/v2/auth?`)).toBe(true);
    const back = await consent(url);
    expect(back.get('state')).toBe('state-123');
    expect(back.get('scope')).toBe(SCOPE);

    const { tokens } = await client.getToken({
      code: back.get('code') as string,
      codeVerifier: pkce.codeVerifier,
    });
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    expect(tokens.token_type).toBe('Bearer');
    client.setCredentials(tokens);

    const api = drive({ version: 'v3', auth: client });
    const call = { rootUrl: `${emu.urls.googleApis}/`, retry: false, fetchImplementation: fetch };
    const first = await api.files.list({ fields: 'files(id)' }, call);
    expect(first.status).toBe(200);

    // The server forgets the token; the library sees 401 authError and refreshes once.
    emu.google.expireTokens();
    const second = await api.files.list({ fields: 'files(id)' }, call);
    expect(second.status).toBe(200);
    expect(client.credentials.access_token).not.toBe(tokens.access_token);
    expect(client.credentials.refresh_token).toBe(tokens.refresh_token);
    const tokenCalls = emu.faults
      .requests()
      .filter((r) => r.host === 'oauth2.googleapis.com' && r.path === '/token');
    expect(tokenCalls.map((r) => r.status)).toEqual([200, 200]);

    const refreshed = await fetch(`${emu.urls.googleOAuth}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token as string,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      }),
    });
    const refreshBody = (await refreshed.json()) as Record<string, unknown>;
    expect(Object.keys(refreshBody).sort()).toEqual([
      'access_token',
      'expires_in',
      'scope',
      'token_type',
    ]);

    const info = await client.getTokenInfo(client.credentials.access_token as string);
    expect(info.email).toBe('ada@example.com');
    expect(info.scopes).toEqual([SCOPE]);

    await client.revokeToken(tokens.refresh_token as string);
    const dead = await fetch(`${emu.urls.googleOAuth}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token as string,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
      }),
    });
    expect(dead.status).toBe(400);
    expect(await dead.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    });
    const revokedAccess = await api.files.list({}, { ...call, validateStatus: () => true });
    expect(revokedAccess.status).toBe(401);
  });

  it('gives a refresh token on the first consent, and later only with prompt=consent', async () => {
    await start();
    const client = oauthClient();
    const exchange = async (prompt?: string) => {
      const url = client.generateAuthUrl({
        access_type: 'offline',
        scope: [SCOPE],
        ...(prompt ? { prompt } : {}),
      });
      const code = (await consent(url)).get('code') as string;
      return (await client.getToken(code)).tokens;
    };
    expect((await exchange()).refresh_token).toBeTruthy();
    expect((await exchange()).refresh_token).toBeUndefined();
    expect((await exchange('consent')).refresh_token).toBeTruthy();
  });

  it('refuses a wrong verifier, a reused code, a wrong secret and a denied consent', async () => {
    await start();
    const client = oauthClient();
    const pkce = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      scope: [SCOPE],
      code_challenge: pkce.codeChallenge as string,
      code_challenge_method: 'S256' as never,
    });
    const code = (await consent(url)).get('code') as string;
    const post = (fields: Record<string, string>) =>
      fetch(`${emu.urls.googleOAuth}/token`, { method: 'POST', body: new URLSearchParams(fields) });
    const base = {
      grant_type: 'authorization_code',
      code,
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT,
    };
    const wrongVerifier = await post({
      ...base,
      client_secret: CLIENT_SECRET,
      code_verifier: 'x'.repeat(43),
    });
    expect(await wrongVerifier.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid code verifier.',
    });
    const wrongSecret = await post({
      ...base,
      client_secret: 'nope',
      code_verifier: pkce.codeVerifier,
    });
    expect(wrongSecret.status).toBe(401);
    expect(((await wrongSecret.json()) as { error: string }).error).toBe('invalid_client');
    const good = await post({
      ...base,
      client_secret: CLIENT_SECRET,
      code_verifier: pkce.codeVerifier,
    });
    expect(good.status).toBe(200);
    const online = (await good.json()) as Record<string, unknown>;
    expect(online.refresh_token).toBeUndefined();
    const reused = await post({
      ...base,
      client_secret: CLIENT_SECRET,
      code_verifier: pkce.codeVerifier,
    });
    expect(((await reused.json()) as { error: string }).error).toBe('invalid_grant');

    const denied = await consent(client.generateAuthUrl({ scope: [SCOPE], state: 's' }), 'deny');
    expect(denied.get('error')).toBe('access_denied');
    expect(denied.get('state')).toBe('s');
    const badRedirect = await fetch(
      `${emu.urls.googleAccounts}/o/oauth2/v2/auth?client_id=${CLIENT_ID}&redirect_uri=http://evil.test/cb&response_type=code&scope=${SCOPE}`,
    );
    expect(badRedirect.status).toBe(400);
    expect(await badRedirect.text()).toContain('redirect_uri_mismatch');
  });
});
