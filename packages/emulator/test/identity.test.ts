import { createHash } from 'node:crypto';
import { CryptoProvider, PublicClientApplication } from '@azure/msal-node';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '../src/index.js';
import type { Json } from './support/harness.js';

const REDIRECT = 'http://localhost:5173/callback';
let emu: EmulatorHandle;
afterEach(async () => {
  await emu.stop();
});

async function start(options: EmulatorOptions = {}): Promise<void> {
  emu = await startEmulator(options);
  emu.microsoft.addAccount({ email: 'ada@example.com', displayName: 'Ada', driveType: 'personal' });
  emu.microsoft.addAccount({
    email: 'grace@contoso.com',
    displayName: 'Grace',
    driveType: 'business',
  });
}

function authorizeUrl(params: Record<string, string>, tenant = 'common'): string {
  const query = new URLSearchParams({
    client_id: 'app-1',
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'Files.ReadWrite offline_access openid profile',
    state: 'st-1',
    ...params,
  });
  return `${emu.urls.login}/${tenant}/oauth2/v2.0/authorize?${query}`;
}

/** Submits the consent form as a browser would and returns the redirect target. */
async function consent(url: string, fields: Record<string, string>): Promise<URL> {
  const response = await fetch(url, {
    method: 'POST',
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') as string);
}

function token(
  form: Record<string, string>,
  tenant = 'common',
  headers: Record<string, string> = {},
) {
  return fetch(`${emu.urls.login}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams(form),
    headers,
  });
}

function pkce(): { verifier: string; challenge: string } {
  const verifier = 'v'.repeat(50);
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function claims(jwt: string): Json {
  return JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString());
}

describe('authorize endpoint', () => {
  it('serves a consent page listing the accounts the tenant allows', async () => {
    await start();
    const common = await (await fetch(authorizeUrl({}))).text();
    expect(common).toContain('ada@example.com');
    expect(common).toContain('grace@contoso.com');
    expect(common).toMatch(/<form method="post">/);
    const consumers = await (await fetch(authorizeUrl({}, 'consumers'))).text();
    expect(consumers).not.toContain('grace@contoso.com');
  });

  it('redirects with code and state on Accept, and access_denied on Deny', async () => {
    await start();
    const accepted = await consent(authorizeUrl({}), {
      account: 'ada@example.com',
      consent: 'accept',
    });
    expect(accepted.origin + accepted.pathname).toBe(REDIRECT);
    expect(accepted.searchParams.get('code')).toBeTruthy();
    expect(accepted.searchParams.get('state')).toBe('st-1');
    const denied = await consent(authorizeUrl({}), { consent: 'deny' });
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('st-1');
  });

  it('shows an error page for an unregistered redirect URI', async () => {
    await start({
      microsoft: { clients: [{ clientId: 'app-1', redirectUris: ['http://localhost/other'] }] },
    });
    const response = await fetch(authorizeUrl({}));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('AADSTS50011');
  });
});

describe('token endpoint', () => {
  it('redeems a code with PKCE S256 once, returning tokens MSAL can cache', async () => {
    await start();
    const { verifier, challenge } = pkce();
    const redirect = await consent(
      authorizeUrl({ code_challenge: challenge, code_challenge_method: 'S256' }),
      {
        account: 'ada@example.com',
        consent: 'accept',
      },
    );
    const code = redirect.searchParams.get('code') as string;
    const form = {
      client_id: 'app-1',
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_info: '1',
    };
    const response = await token(form);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    expect(body.scope.split(' ')).toEqual(['Files.ReadWrite', 'openid', 'profile']);
    expect(body.refresh_token).toBeTruthy();
    const id = claims(body.id_token);
    expect(id).toMatchObject({
      aud: 'app-1',
      preferred_username: 'ada@example.com',
      name: 'Ada',
      ver: '2.0',
    });
    expect(id.tid).toBe('9188040d-6c67-4c5b-b112-36a304b66dad');
    expect(id.exp - id.iat).toBe(3600);
    const info = JSON.parse(Buffer.from(body.client_info, 'base64url').toString());
    expect(info).toEqual({ uid: id.oid, utid: id.tid });
    const me = await fetch(`${emu.urls.graph}/me`, {
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    expect(((await me.json()) as Json).userPrincipalName).toBe('ada@example.com');

    const again = await token(form);
    expect(again.status).toBe(400);
    const error = (await again.json()) as Json;
    expect(error.error).toBe('invalid_grant');
    expect(error.error_codes).toEqual([54005]);
    expect(error.error_description).toMatch(/^AADSTS54005: /);
    expect(error).toHaveProperty('trace_id');
    expect(error).toHaveProperty('correlation_id');
    expect(error).toHaveProperty('timestamp');
  });

  it('checks the PKCE verifier (plain and S256) and the redirect URI', async () => {
    await start();
    const plain = await consent(
      authorizeUrl({ code_challenge: 'plain-secret', code_challenge_method: 'plain' }),
      { account: 'ada@example.com', consent: 'accept' },
    );
    const base = {
      client_id: 'app-1',
      grant_type: 'authorization_code',
      code: plain.searchParams.get('code') as string,
    };
    const wrongVerifier = await token({ ...base, redirect_uri: REDIRECT, code_verifier: 'nope' });
    expect(((await wrongVerifier.json()) as Json).error_codes).toEqual([501481]);
    const wrongRedirect = await token({
      ...base,
      redirect_uri: 'http://localhost/elsewhere',
      code_verifier: 'plain-secret',
    });
    expect(((await wrongRedirect.json()) as Json).error).toBe('invalid_grant');
    expect(
      (await token({ ...base, redirect_uri: REDIRECT, code_verifier: 'plain-secret' })).status,
    ).toBe(200);
  });

  it('expires codes (AADSTS70008)', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    await start({ now: () => now, microsoft: { authCodeLifetimeSeconds: 60 } });
    const redirect = await consent(authorizeUrl({}), {
      account: 'ada@example.com',
      consent: 'accept',
    });
    now += 61_000;
    const response = await token({
      client_id: 'app-1',
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code') as string,
      redirect_uri: REDIRECT,
    });
    const body = (await response.json()) as Json;
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/^AADSTS70008: /);
  });

  it('rotates refresh tokens; the old one keeps working unless configured to revoke', async () => {
    await start();
    const first = emu.microsoft.mintToken('ada@example.com', { clientId: 'app-1' });
    const refresh = (rt: string) =>
      token({
        client_id: 'app-1',
        grant_type: 'refresh_token',
        refresh_token: rt,
        scope: 'Files.ReadWrite offline_access',
      });
    const rotated = (await (await refresh(first.refreshToken)).json()) as Json;
    expect(rotated.refresh_token).toBeTruthy();
    expect(rotated.refresh_token).not.toBe(first.refreshToken);
    expect(rotated.access_token).not.toBe(first.accessToken);
    expect((await refresh(first.refreshToken)).status).toBe(200);
    await emu.stop();

    await start({ microsoft: { rotatedRefreshTokens: 'revoke' } });
    const minted = emu.microsoft.mintToken('ada@example.com', { clientId: 'app-1' });
    expect((await refresh(minted.refreshToken)).status).toBe(200);
    const reused = await refresh(minted.refreshToken);
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as Json).error).toBe('invalid_grant');
  });

  it('rejects unknown refresh tokens and other clients', async () => {
    await start();
    const minted = emu.microsoft.mintToken('ada@example.com', { clientId: 'app-1' });
    const unknown = await token({
      client_id: 'app-1',
      grant_type: 'refresh_token',
      refresh_token: 'nope',
    });
    expect(((await unknown.json()) as Json).error).toBe('invalid_grant');
    const other = await token({
      client_id: 'app-2',
      grant_type: 'refresh_token',
      refresh_token: minted.refreshToken,
    });
    expect(((await other.json()) as Json).error).toBe('invalid_grant');
  });

  it('checks the secret of a confidential client (form or Basic) and unknown clients when told to', async () => {
    await start({
      microsoft: { acceptAnyClient: false, clients: [{ clientId: 'web', clientSecret: 's3cret' }] },
    });
    const minted = emu.microsoft.mintToken('ada@example.com', { clientId: 'web' });
    const form = {
      client_id: 'web',
      grant_type: 'refresh_token',
      refresh_token: minted.refreshToken,
    };
    const wrong = await token({ ...form, client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as Json).error).toBe('invalid_client');
    expect((await token({ ...form, client_secret: 's3cret' })).status).toBe(200);
    const basic = `Basic ${Buffer.from('web:s3cret').toString('base64')}`;
    const { client_id: _omit, ...withoutId } = form;
    expect((await token(withoutId, 'common', { authorization: basic })).status).toBe(200);
    const stranger = await token({
      client_id: 'stranger',
      grant_type: 'refresh_token',
      refresh_token: 'x',
    });
    expect(((await stranger.json()) as Json).error).toBe('unauthorized_client');
  });
});

describe('discovery documents', () => {
  it('serves the OpenID configuration and the instance discovery answer', async () => {
    await start();
    const config = (await (
      await fetch(`${emu.urls.login}/common/v2.0/.well-known/openid-configuration`)
    ).json()) as Json;
    expect(config.token_endpoint).toBe(`${emu.urls.login}/common/oauth2/v2.0/token`);
    expect(config.authorization_endpoint).toBe(`${emu.urls.login}/common/oauth2/v2.0/authorize`);
    expect(config.issuer).toBe('https://login.microsoftonline.com/{tenantid}/v2.0');
    const instance = (await (
      await fetch(
        `${emu.urls.login}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent('https://login.microsoftonline.com/consumers/oauth2/v2.0/authorize')}`,
      )
    ).json()) as Json;
    expect(instance.tenant_discovery_endpoint).toBe(
      `${emu.urls.login}/consumers/v2.0/.well-known/openid-configuration`,
    );
    expect(instance.metadata[0].aliases).toContain('login.microsoftonline.com');
  });
});

describe('with @azure/msal-node', () => {
  const scopes = ['Files.ReadWrite'];

  /** Follows the consent page for `url`, redeems the code, refreshes silently; checks rotation. */
  async function signInAndRefresh(
    pca: PublicClientApplication,
    toEmulator: (url: string) => string,
    tokenPath: string,
  ) {
    const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
    const url = await pca.getAuthCodeUrl({
      scopes,
      redirectUri: REDIRECT,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state: 'xyz',
    });
    const page = await fetch(toEmulator(url));
    expect(await page.text()).toContain('grace@contoso.com');
    const redirect = await consent(toEmulator(url), {
      account: 'grace@contoso.com',
      consent: 'accept',
    });
    expect(redirect.searchParams.get('state')).toBe('xyz');

    const first = await pca.acquireTokenByCode({
      code: redirect.searchParams.get('code') as string,
      scopes,
      redirectUri: REDIRECT,
      codeVerifier: verifier,
    });
    expect(first.account?.username).toBe('grace@contoso.com');
    const drive = await fetch(`${emu.urls.graph}/me/drive`, {
      headers: { authorization: `Bearer ${first.accessToken}` },
    });
    expect(((await drive.json()) as Json).driveType).toBe('business');
    const refreshTokens = () =>
      Object.values(
        (JSON.parse(pca.getTokenCache().serialize()) as { RefreshToken: Record<string, Json> })
          .RefreshToken,
      ).map((entry) => entry.secret);
    const before = refreshTokens();
    expect(before).toHaveLength(1);

    // A 60 s lifetime is inside MSAL's 5-minute renewal window, so the cached token counts as expired.
    const account = first.account as NonNullable<typeof first.account>;
    const second = await pca.acquireTokenSilent({ account, scopes });
    expect(second.accessToken).not.toBe(first.accessToken);
    const after = refreshTokens();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    const tokenCalls = emu.faults.requests().filter((record) => record.path.startsWith(tokenPath));
    expect(tokenCalls.map((record) => record.status)).toEqual([200, 200]);
  }

  it('works with recipe 1: a fake https authority whose metadata points at the emulator', async () => {
    await start({ microsoft: { accessTokenLifetimeSeconds: 60 } });
    // MSAL rewrites the first path segment of metadata endpoints to a tenant that is not
    // common/organizations/consumers, which would replace the host segment: use a reserved tenant.
    const metadata = (await (
      await fetch(`${emu.urls.login}/common/v2.0/.well-known/openid-configuration`)
    ).json()) as Json;
    const pca = new PublicClientApplication({
      auth: {
        clientId: 'msal-app',
        authority: 'https://fake.login.test/common',
        knownAuthorities: ['fake.login.test'],
        authorityMetadata: JSON.stringify(metadata),
      },
    });
    await signInAndRefresh(pca, (url) => url, '/common/oauth2/v2.0/token');
  });

  it('works with recipe 2: the real authority and a network client applying the host rule', async () => {
    const tenantId = '11111111-2222-3333-4444-555555555555';
    emu = await startEmulator({
      microsoft: {
        accessTokenLifetimeSeconds: 60,
        accounts: [{ email: 'grace@contoso.com', driveType: 'business', tenantId }],
      },
    });
    const toEmulator = (url: string) => url.replace(/^https:\/\//, `${emu.url}/`);
    const send = async <T>(
      url: string,
      method: string,
      options?: { headers?: Record<string, string>; body?: string },
    ) => {
      const response = await fetch(toEmulator(url), {
        method,
        headers: options?.headers ?? {},
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      });
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: (await response.json()) as T,
      };
    };
    const pca = new PublicClientApplication({
      auth: { clientId: 'msal-app', authority: `https://login.microsoftonline.com/${tenantId}` },
      system: {
        networkClient: {
          sendGetRequestAsync: (url, options) => send(url, 'GET', options),
          sendPostRequestAsync: (url, options) => send(url, 'POST', options),
        },
      },
    });
    await signInAndRefresh(pca, toEmulator, `/${tenantId}/oauth2/v2.0/token`);
  });
});
