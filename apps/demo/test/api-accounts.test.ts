import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView } from '../src/index.js';
import {
  connectEmulated,
  patternBytes,
  postJson,
  readJson,
  startTestDemo,
  type TestDemo,
} from './support/test-demo.js';

let t: TestDemo;
const onedrive = (path: string) => `${t.url}/api/connections/onedrive/${path}`;

async function connection(id: string): Promise<ConnectionView> {
  const { connections } = await readJson(await fetch(`${t.url}/api/connections`));
  const found = connections.find((c) => c.id === id);
  if (!found) throw new Error(`The API lists no connection ${id}.`);
  return found;
}

beforeAll(async () => {
  t = await startTestDemo();
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  t.demo.emulator?.faults.clear();
});

describe('connecting an emulated account', () => {
  it('refuses file calls before the account is connected, saying what to do', async () => {
    const res = await fetch(onedrive('list?path=%2F'));
    expect(res.status).toBe(401);
    expect((await readJson(res)).error).toMatchObject({
      code: 'Unauthenticated',
      message: expect.stringContaining('Connect OneDrive first'),
    });
  });

  it('sends the browser to the consent page with a state, bound to the browser by a cookie', async () => {
    const res = await fetch(`${t.url}/auth/onedrive/connect`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const consent = new URL(res.headers.get('location') as string);
    expect(consent.origin).toBe(t.demo.emulator?.url);
    expect(consent.pathname).toContain('/oauth2/v2.0/authorize');
    expect(consent.searchParams.get('redirect_uri')).toBe(`${t.url}/auth/callback`);
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256');
    const state = consent.searchParams.get('state') as string;
    expect(state.length).toBeGreaterThanOrEqual(43);
    expect(res.headers.get('set-cookie')).toMatch(
      new RegExp(`^polydrive_oauth_onedrive=${state};.*HttpOnly; SameSite=Lax`),
    );
  });

  it('refuses a callback with an unknown state, or one without the browser cookie', async () => {
    const unknown = await fetch(`${t.url}/auth/callback?code=abc&state=forged`, {
      redirect: 'manual',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('unknown or has expired');

    const start = await fetch(`${t.url}/auth/onedrive/connect`, { redirect: 'manual' });
    const consent = await fetch(start.headers.get('location') as string, {
      method: 'POST',
      body: new URLSearchParams({ account: 'demo@example.com', consent: 'accept' }),
      redirect: 'manual',
    });
    const noCookie = await fetch(consent.headers.get('location') as string, { redirect: 'manual' });
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toContain('another browser');
    expect((await connection('onedrive')).state).toBe('signed-out');
  });

  it('records a refused consent for the page to show', async () => {
    const start = await fetch(`${t.url}/auth/onedrive/connect`, { redirect: 'manual' });
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const consent = await fetch(start.headers.get('location') as string, {
      method: 'POST',
      body: new URLSearchParams({ account: 'demo@example.com', consent: 'deny' }),
      redirect: 'manual',
    });
    const back = await fetch(consent.headers.get('location') as string, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(back.status).toBe(302);
    expect(await connection('onedrive')).toMatchObject({
      state: 'signed-out',
      problem: 'OneDrive did not grant access (access_denied). Connect again to retry.',
    });
  });

  it('connects through the consent page, then browses, uploads and downloads', async () => {
    const done = await connectEmulated(t.url, 'onedrive');
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/#/onedrive/');
    const view = await connection('onedrive');
    expect(view).toMatchObject({ state: 'connected', account: 'demo@example.com' });
    expect(view.problem).toBeUndefined();

    const list = await readJson(await fetch(onedrive('list?path=%2F')));
    expect(list.entries.map((e: { name: string }) => e.name).sort()).toEqual([
      'Documents',
      'Welcome.txt',
    ]);
    // Over OneDrive's 4 MiB simple-upload limit, so it goes through an upload session.
    const bytes = patternBytes(5 * 1024 * 1024 + 123);
    const put = await fetch(onedrive('upload?path=%2FDocuments%2Fbig.bin'), {
      method: 'PUT',
      body: bytes,
    });
    expect(put.status).toBe(201);
    expect((await readJson(put)).entry).toMatchObject({ name: 'big.bin', size: bytes.length });
    const got = new Uint8Array(
      await (await fetch(onedrive('download?path=%2FDocuments%2Fbig.bin'))).arrayBuffer(),
    );
    expect(Buffer.compare(got, bytes)).toBe(0);
    const range = await fetch(onedrive('download?path=%2FDocuments%2Fbig.bin'), {
      headers: { range: 'bytes=100-199' },
    });
    expect(range.status).toBe(206);
    expect(
      Buffer.compare(new Uint8Array(await range.arrayBuffer()), bytes.subarray(100, 200)),
    ).toBe(0);
  });

  it('tells the open page when the provider throttles and the retry layer waits', async () => {
    const events = await fetch(`${t.url}/api/events`);
    const reader = (events.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    const heard = readUntil(reader, 'event: retry');
    t.demo.emulator?.faults.inject({
      kind: 'status',
      status: 429,
      retryAfter: 12,
      path: '/children',
    });
    const list = await fetch(onedrive('list?path=%2F'));
    expect(list.status).toBe(200);
    const text = await heard;
    await reader.cancel();
    const data = JSON.parse(/event: retry\ndata: (.*)\n/.exec(text)?.[1] as string);
    expect(data).toEqual({
      type: 'retry',
      connection: 'onedrive',
      message: 'OneDrive is throttling, retrying in 12 s',
      delayMs: 12_000,
    });
  });

  it('marks the account as needing a reconnect when its login is rejected', async () => {
    t.demo.emulator?.microsoft.expireTokens();
    t.demo.emulator?.faults.inject({
      kind: 'expiredToken',
      host: 'login.microsoftonline.com',
      times: 10,
    });
    const res = await fetch(onedrive('list?path=%2F'));
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('Unauthenticated');
    expect((await connection('onedrive')).state).toBe('needs-reconnect');
    t.demo.emulator?.faults.clear();
    expect((await connectEmulated(t.url, 'onedrive')).status).toBe(302);
    expect((await connection('onedrive')).state).toBe('connected');
  });

  it('disconnects: the tokens are forgotten and file calls are refused again', async () => {
    const res = await fetch(`${t.url}/api/connections/onedrive/disconnect`, { method: 'POST' });
    expect((await readJson(res)).connection).toMatchObject({ state: 'signed-out' });
    expect((await fetch(onedrive('list?path=%2F'))).status).toBe(401);
  });

  it('connects emulated Google Drive and Dropbox the same way, and moves a file across all three', async () => {
    for (const id of ['gdrive', 'dropbox']) {
      expect((await connection(id)).state).toBe('signed-out');
      expect((await connectEmulated(t.url, id)).headers.get('location')).toBe(`/#/${id}/`);
      expect(await connection(id)).toMatchObject({ mode: 'emulated', state: 'connected' });
      const list = await readJson(await fetch(`${t.url}/api/connections/${id}/list?path=%2F`));
      expect(list.entries.map((e) => e.name).sort()).toEqual(['Documents', 'Welcome.txt']);
    }
    expect((await connectEmulated(t.url, 'onedrive')).status).toBe(302);
    const bytes = patternBytes(70_000);
    const put = await fetch(onedrive('upload?path=%2Ftrip.bin'), { method: 'PUT', body: bytes });
    expect(put.status).toBe(201);
    const hops = [
      ['onedrive', 'gdrive'],
      ['gdrive', 'dropbox'],
      ['dropbox', 'memory'],
    ];
    for (const [from, to] of hops) {
      const moved = await postJson(`${t.url}/api/transfer`, {
        from: { connection: from, path: '/trip.bin' },
        to: { connection: to, path: '/trip.bin' },
        mode: 'move',
      });
      expect(moved.status, `${from} -> ${to}`).toBe(200);
      expect((await readJson(moved)).entry).toMatchObject({ name: 'trip.bin', size: 70_000 });
      const left = await fetch(`${t.url}/api/connections/${from}/stat?path=%2Ftrip.bin`);
      expect(left.status, `${from} keeps no copy`).toBe(404);
    }
    const arrived = await fetch(`${t.url}/api/connections/memory/download?path=%2Ftrip.bin`);
    expect(Buffer.compare(new Uint8Array(await arrived.arrayBuffer()), bytes)).toBe(0);
  });

  it('has no sign-in for the local folder', async () => {
    const res = await fetch(`${t.url}/auth/local/connect`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Local folder has no sign-in');
  });
});

describe('upload limit', () => {
  it('refuses uploads over POLYDRIVE_DEMO_MAX_UPLOAD_MB, declared or streamed, and keeps nothing', async () => {
    const small = await startTestDemo({ POLYDRIVE_DEMO_MAX_UPLOAD_MB: '1' });
    try {
      const url = `${small.url}/api/connections/memory/upload?path=%2Fbig.bin`;
      const declared = await fetch(url, { method: 'PUT', body: patternBytes(1024 * 1024 + 1) });
      expect(declared.status).toBe(413);
      expect((await readJson(declared)).error.message).toContain('POLYDRIVE_DEMO_MAX_UPLOAD_MB');
      const chunk = patternBytes(256 * 1024);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 5) controller.enqueue(chunk);
          else controller.close();
        },
      });
      const streamed = await fetch(url, { method: 'PUT', body, duplex: 'half' } as RequestInit);
      expect(streamed.status).toBe(413);
      const stat = await fetch(`${small.url}/api/connections/memory/stat?path=%2Fbig.bin`);
      expect(stat.status).toBe(404);
      const fits = await fetch(url, { method: 'PUT', body: patternBytes(1024 * 1024) });
      expect(fits.status).toBe(201);
    } finally {
      await small.close();
    }
  });
});

async function readUntil(
  reader: ReadableStreamDefaultReader<string>,
  marker: string,
): Promise<string> {
  let text = '';
  while (!text.includes(marker) || !text.slice(text.indexOf(marker)).includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) return text;
    text += value;
  }
  return text;
}
