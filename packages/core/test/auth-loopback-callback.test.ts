import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createOAuthState,
  type LoopbackCallback,
  listenForOAuthCallback,
} from '../src/auth/index.js';
import { PolydriveError } from '../src/errors/index.js';

const open: LoopbackCallback[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((callback) => callback.close()));
});

async function start(
  options: Partial<Parameters<typeof listenForOAuthCallback>[0]> = {},
): Promise<{ callback: LoopbackCallback; state: string }> {
  const state = options.state ?? createOAuthState();
  const callback = await listenForOAuthCallback({ port: 0, ...options, state });
  open.push(callback);
  return { callback, state };
}

/** Calls the server on 127.0.0.1, as the browser does after the redirect. */
async function visit(callback: LoopbackCallback, pathAndQuery: string) {
  const res = await fetch(`http://127.0.0.1:${callback.port}${pathAndQuery}`);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

async function failure(promise: Promise<unknown>): Promise<PolydriveError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PolydriveError);
  return err as PolydriveError;
}

describe('listenForOAuthCallback', () => {
  it('returns the code of a callback with the right state and answers with a page', async () => {
    const { callback, state } = await start({ redirectHost: '127.0.0.1' });
    expect(callback.redirectUri).toBe(`http://127.0.0.1:${callback.port}/callback`);
    const page = await visit(callback, `/callback?code=the-code&state=${state}`);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body).toContain('Signed in');
    await expect(callback.waitForCode()).resolves.toBe('the-code');
  });

  it('writes localhost in the redirect URI by default', async () => {
    const { callback } = await start();
    expect(callback.redirectUri).toBe(`http://localhost:${callback.port}/callback`);
  });

  it('refuses a callback with another state and keeps waiting for the right one', async () => {
    const { callback, state } = await start();
    const forged = await visit(callback, '/callback?code=evil&state=not-the-state');
    expect(forged.status).toBe(400);
    const missing = await visit(callback, '/callback?code=evil');
    expect(missing.status).toBe(400);
    await visit(callback, `/callback?code=good&state=${state}`);
    await expect(callback.waitForCode()).resolves.toBe('good');
  });

  it('answers 404 outside /callback and to other methods', async () => {
    const { callback, state } = await start();
    expect((await visit(callback, `/other?code=x&state=${state}`)).status).toBe(404);
    const post = await fetch(`http://127.0.0.1:${callback.port}/callback?code=x&state=${state}`, {
      method: 'POST',
    });
    expect(post.status).toBe(404);
    await visit(callback, `/callback?code=real&state=${state}`);
    await expect(callback.waitForCode()).resolves.toBe('real');
  });

  it('turns error=access_denied into Unauthenticated "the sign-in was refused"', async () => {
    const { callback, state } = await start();
    const page = await visit(
      callback,
      `/callback?error=access_denied&error_description=declined&state=${state}`,
    );
    expect(page.status).toBe(400);
    expect(page.body).toContain('The sign-in was refused.');
    const err = await failure(callback.waitForCode());
    expect(err.code).toBe('Unauthenticated');
    expect(err.summary).toBe('The sign-in was refused.');
    expect(err.providerCode).toBe('access_denied');
  });

  it('reports another OAuth error with its description', async () => {
    const { callback, state } = await start();
    await visit(
      callback,
      `/callback?error=invalid_scope&error_description=${encodeURIComponent('bad scope')}&state=${state}`,
    );
    const err = await failure(callback.waitForCode());
    expect(err.code).toBe('Unauthenticated');
    expect(err.message).toContain('invalid_scope');
    expect(err.message).toContain('bad scope');
  });

  it('ignores an error callback whose state does not match', async () => {
    const { callback, state } = await start();
    expect((await visit(callback, '/callback?error=access_denied&state=forged')).status).toBe(400);
    await visit(callback, `/callback?code=ok&state=${state}`);
    await expect(callback.waitForCode()).resolves.toBe('ok');
  });

  it('stops listening once the code has arrived', async () => {
    const { callback, state } = await start();
    await visit(callback, `/callback?code=c&state=${state}`);
    await callback.waitForCode();
    await callback.close();
    await expect(fetch(`http://127.0.0.1:${callback.port}/callback`)).rejects.toThrow();
  });

  it('times out with Unauthenticated', async () => {
    const { callback } = await start({ timeoutMs: 20 });
    const err = await failure(callback.waitForCode());
    expect(err.code).toBe('Unauthenticated');
    expect(err.summary).toMatch(/No sign-in reached/);
  });

  it('honours an AbortSignal, before and while waiting', async () => {
    const before = new AbortController();
    before.abort();
    const early = await failure(
      listenForOAuthCallback({ state: createOAuthState(), port: 0, signal: before.signal }),
    );
    expect(early.code).toBe('Cancelled');

    const during = new AbortController();
    const { callback } = await start({ signal: during.signal });
    during.abort();
    expect((await failure(callback.waitForCode())).code).toBe('Cancelled');
  });

  it('says which port is taken when it cannot listen', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const err = await failure(listenForOAuthCallback({ state: createOAuthState(), port }));
      expect(err.code).toBe('InvalidArgument');
      expect(err.message).toContain(`127.0.0.1:${port}`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('refuses a bad port or an empty state', async () => {
    expect((await failure(listenForOAuthCallback({ state: 's', port: 70000 }))).code).toBe(
      'InvalidArgument',
    );
    expect((await failure(listenForOAuthCallback({ state: '', port: 0 }))).code).toBe(
      'InvalidArgument',
    );
  });
});
