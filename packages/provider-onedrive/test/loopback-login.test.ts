import { PolydriveError } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createOneDriveProvider, loginWithLoopback } from '../src/index.js';
import { consent, EMAIL, emulatorAuth, startOneDriveEmulator } from './support/emulator.js';

let emulator: EmulatorHandle | undefined;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function rejection(promise: Promise<unknown>): Promise<PolydriveError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof PolydriveError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('loginWithLoopback', () => {
  it('signs in end to end: auth URL, consent, redirect to the loopback server, code exchange', async () => {
    emulator = await startOneDriveEmulator();
    const auth = emulatorAuth(emulator);
    let browser: Promise<{ status: number; text: string; redirect: URL }> | undefined;
    const login = await loginWithLoopback({
      auth,
      port: 0,
      timeoutMs: 10_000,
      openBrowser: (url) => {
        browser = (async () => {
          const redirect = await consent(url);
          const page = await fetch(redirect);
          return { status: page.status, text: await page.text(), redirect };
        })();
      },
    });
    expect(login.account.username).toBe(EMAIL);
    const page = await browser;
    expect(page?.status).toBe(200);
    expect(page?.text).toContain('Signed in');
    expect(page?.redirect.hostname).toBe('localhost');
    expect(page?.redirect.pathname).toBe('/callback');
    const provider = createOneDriveProvider({
      auth,
      graphBaseUrl: (emulator as EmulatorHandle).urls.graph,
    });
    expect((await provider.about()).owner?.email).toBe(EMAIL);
    // The server is gone once the login is done.
    await expect(fetch(page?.redirect as URL)).rejects.toThrow();
  });

  it('refuses a callback with the wrong state and still takes the right one', async () => {
    emulator = await startOneDriveEmulator();
    const auth = emulatorAuth(emulator);
    let forged: { status: number; text: string } | undefined;
    const login = await loginWithLoopback({
      auth,
      port: 0,
      timeoutMs: 10_000,
      openBrowser: async (url) => {
        const redirect = await consent(url);
        const fake = new URL(redirect);
        fake.searchParams.set('state', 'forged-state');
        const answer = await fetch(fake);
        forged = { status: answer.status, text: await answer.text() };
        await (await fetch(redirect)).text();
      },
    });
    expect(forged?.status).toBe(400);
    expect(forged?.text).toContain('does not belong to the sign-in in progress');
    expect(login.account.username).toBe(EMAIL);
  });

  it('reports a declined consent as Unauthenticated (access_denied)', async () => {
    emulator = await startOneDriveEmulator();
    const auth = emulatorAuth(emulator);
    const err = await rejection(
      loginWithLoopback({
        auth,
        port: 0,
        timeoutMs: 10_000,
        openBrowser: async (url) => {
          const answer = await fetch(url, {
            method: 'POST',
            body: new URLSearchParams({ account: EMAIL, consent: 'deny' }),
            redirect: 'manual',
          });
          await (await fetch(answer.headers.get('location') as string)).text();
        },
      }),
    );
    expect(err.code).toBe('Unauthenticated');
    expect(err.providerCode).toBe('access_denied');
    expect(err.message).toMatch(/refused/);
    expect(err.provider).toBe('onedrive');
  });

  it('gives up with a clear error when the browser never comes back', async () => {
    emulator = await startOneDriveEmulator();
    const err = await rejection(
      loginWithLoopback({
        auth: emulatorAuth(emulator),
        port: 0,
        timeoutMs: 50,
        openBrowser: () => {},
      }),
    );
    expect(err.code).toBe('Unauthenticated');
    expect(err.message).toMatch(/No sign-in reached 127\.0\.0\.1/);
  });

  it('says which port is busy', async () => {
    emulator = await startOneDriveEmulator();
    const busyPort = Number(new URL(emulator.url).port);
    const err = await rejection(
      loginWithLoopback({ auth: emulatorAuth(emulator), port: busyPort, openBrowser: () => {} }),
    );
    expect(err.code).toBe('InvalidArgument');
    expect(err.message).toContain(`127.0.0.1:${busyPort}`);
  });

  it('stops waiting when the signal aborts', async () => {
    emulator = await startOneDriveEmulator();
    const controller = new AbortController();
    const err = await rejection(
      loginWithLoopback({
        auth: emulatorAuth(emulator),
        port: 0,
        signal: controller.signal,
        openBrowser: () => controller.abort(),
      }),
    );
    expect(err.code).toBe('Cancelled');
  });
});
