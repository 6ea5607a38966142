import { createHash } from 'node:crypto';
import { Dropbox } from 'dropbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../src/index.js';
import {
  type DropboxHarness,
  emulatorAuth,
  emulatorFetch,
  type Json,
  startDropbox,
} from './support/dropbox-harness.js';

const REDIRECT = 'http://localhost:8080/callback';
let h: DropboxHarness;
let emu: EmulatorHandle;
beforeEach(async () => {
  h = await startDropbox();
  emu = h.emu;
});
afterEach(async () => {
  await emu.stop();
});

/** The SDK builds https://dropbox.com URLs; the emulator serves them under its own base. */
function local(url: string): string {
  return url.replace('https://dropbox.com/', `${emu.url}/dropbox.com/`);
}

/** Submits the consent form as a browser would. */
async function consent(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

async function codeFor(url: string): Promise<string> {
  const answer = await consent(url, { account: h.email, consent: 'accept' });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') as string).searchParams.get('code') as string;
}

function token(params: Record<string, string>, init: RequestInit = {}): Promise<Response> {
  return fetch(`${emu.urls.dropboxApi}/oauth2/token?${new URLSearchParams(params)}`, {
    method: 'POST',
    ...init,
  });
}

describe('authorize', () => {
  it('shows a consent page and redirects with code and state, or access_denied', async () => {
    const url = `${emu.urls.dropboxWeb}/oauth2/authorize?${new URLSearchParams({
      client_id: 'app',
      response_type: 'code',
      redirect_uri: REDIRECT,
      state: 'st-1',
      token_access_type: 'offline',
    })}`;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(h.email);
    const accepted = await consent(url, { account: h.email, consent: 'accept' });
    const location = new URL(accepted.headers.get('location') as string);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('st-1');
    expect(location.searchParams.get('code')).toBeTruthy();
    const denied = await consent(url, { consent: 'deny' });
    const error = new URL(denied.headers.get('location') as string).searchParams;
    expect(error.get('error')).toBe('access_denied');
    expect(error.get('state')).toBe('st-1');
  });

  it('shows the code on the page when there is no redirect_uri', async () => {
    const url = `${emu.urls.dropboxWeb}/oauth2/authorize?client_id=app&response_type=code&token_access_type=offline`;
    const page = await consent(url, { account: h.email, consent: 'accept' });
    const code = /<code id="code">([^<]+)<\/code>/.exec(await page.text())?.[1] as string;
    const answer = await token({ grant_type: 'authorization_code', code, client_id: 'app' });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as Json).refresh_token).toBeTruthy();
  });

  it('refuses a redirect URI the app did not register', async () => {
    emu.dropbox.registerClient({ clientId: 'strict', redirectUris: [REDIRECT] });
    const page = await fetch(
      `${emu.urls.dropboxWeb}/oauth2/authorize?client_id=strict&response_type=code&redirect_uri=${encodeURIComponent('http://evil.test/cb')}`,
    );
    expect(page.status).toBe(400);
  });
});

describe('the token endpoint with the dropbox SDK', () => {
  it('runs the PKCE code flow, then the SDK refreshes the expired token on its own', async () => {
    const auth = emulatorAuth(emu, { clientId: 'pkce-app' });
    const url = (await auth.getAuthenticationUrl(
      REDIRECT,
      'st-2',
      'code',
      'offline',
      undefined,
      'none',
      true,
    )) as string;
    expect(url.startsWith('https://dropbox.com/oauth2/authorize?')).toBe(true);
    const code = await codeFor(local(url));
    const exchanged = (await auth.getAccessTokenFromCode(REDIRECT, code)).result as Json;
    expect(exchanged).toMatchObject({ token_type: 'bearer', expires_in: 14_400 });
    expect(exchanged.access_token).toMatch(/^sl\./);
    expect(exchanged.account_id).toMatch(/^dbid:/);
    const refreshToken = exchanged.refresh_token as string;

    emu.faults.clearRequests();
    const dbx = new Dropbox({ clientId: 'pkce-app', refreshToken, fetch: emulatorFetch(emu) });
    const me = await dbx.usersGetCurrentAccount();
    expect(me.result.email).toBe(h.email);
    const tokenCall = emu.faults.requests().find((r) => r.path.startsWith('/oauth2/token'));
    expect(tokenCall?.path).toContain('grant_type=refresh_token');
    expect(tokenCall?.status).toBe(200);
  });

  it('reads parameters from a form body too, and the secret from HTTP Basic', async () => {
    emu.dropbox.registerClient({ clientId: 'web-app', clientSecret: 's3cret' });
    const url = `${emu.urls.dropboxWeb}/oauth2/authorize?client_id=web-app&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&token_access_type=offline`;
    const code = await codeFor(url);
    const basic = `Basic ${Buffer.from('web-app:s3cret').toString('base64')}`;
    const noSecret = await fetch(`${emu.urls.dropboxApi}/oauth2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: 'web-app',
        redirect_uri: REDIRECT,
      }),
    });
    expect(noSecret.status).toBe(400);
    expect(((await noSecret.json()) as Json).error).toBe('invalid_client');
    const answer = await fetch(`${emu.urls.dropboxApi}/oauth2/token`, {
      method: 'POST',
      headers: { authorization: basic },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    });
    const body = (await answer.json()) as Json;
    expect(answer.status).toBe(200);
    const refreshed = await token(
      { grant_type: 'refresh_token', refresh_token: body.refresh_token },
      { headers: { authorization: basic } },
    );
    const fresh = (await refreshed.json()) as Json;
    expect(fresh.access_token).toBeTruthy();
    expect(fresh.refresh_token).toBeUndefined();
    const reused = await token({
      grant_type: 'authorization_code',
      code,
      client_id: 'web-app',
      client_secret: 's3cret',
      redirect_uri: REDIRECT,
    });
    expect(((await reused.json()) as Json).error_description).toBe(
      "code doesn't exist or has expired",
    );
  });

  it('checks PKCE verifiers and redirect URIs', async () => {
    const verifier = 'v'.repeat(64);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const url = `${emu.urls.dropboxWeb}/oauth2/authorize?client_id=app&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&code_challenge=${challenge}&code_challenge_method=S256`;
    const code = await codeFor(url);
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      client_id: 'app',
      code_verifier: 'w'.repeat(64),
      redirect_uri: REDIRECT,
    });
    expect(((await wrong.json()) as Json).error).toBe('invalid_grant');
    const otherRedirect = await token({
      grant_type: 'authorization_code',
      code,
      client_id: 'app',
      code_verifier: verifier,
      redirect_uri: 'http://localhost:9/x',
    });
    expect(((await otherRedirect.json()) as Json).error_description).toBe('redirect_uri mismatch');
    const right = await token({
      grant_type: 'authorization_code',
      code,
      client_id: 'app',
      code_verifier: verifier,
      redirect_uri: REDIRECT,
    });
    const body = (await right.json()) as Json;
    expect(body.access_token).toBeTruthy();
    expect(body.refresh_token).toBeUndefined();
  });

  it('answers revoked refresh tokens and unknown grants as Dropbox does', async () => {
    const { refreshToken } = emu.dropbox.mintToken(h.email, { clientId: 'app' });
    emu.dropbox.revokeRefreshTokens(h.email);
    const revoked = await token({
      grant_type: 'refresh_token',
      refresh_token: refreshToken as string,
      client_id: 'app',
    });
    expect(revoked.status).toBe(400);
    expect(await revoked.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'refresh token is invalid or revoked',
    });
    const odd = await token({ grant_type: 'password', client_id: 'app' });
    expect(((await odd.json()) as Json).error).toBe('unsupported_grant_type');
  });

  it('gives legacy tokens that never expire and online tokens without a refresh token', async () => {
    const legacy = emu.dropbox.mintToken(h.email, { accessType: 'legacy' });
    expect(legacy.expiresIn).toBeUndefined();
    expect(legacy.refreshToken).toBeUndefined();
    const online = emu.dropbox.mintToken(h.email, { accessType: 'online' });
    expect(online.expiresIn).toBe(14_400);
    expect(online.refreshToken).toBeUndefined();
    expect((await h.rpc('users/get_current_account', null, legacy.accessToken)).status).toBe(200);
  });
});
