import { readFile, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  patternBytes,
  postJson,
  readJson,
  startTestDemo,
  type TestDemo,
} from './support/test-demo.js';

let t: TestDemo;
const api = (path: string) => `${t.url}/api/connections/local/${path}`;
const q = (path: string) => encodeURIComponent(path);

beforeAll(async () => {
  t = await startTestDemo();
});
afterAll(async () => {
  await t.close();
});

describe('file API on the local connection', () => {
  it('uploads a streamed body, lists it with its size and downloads the same bytes', async () => {
    const bytes = patternBytes(300_000);
    const put = await fetch(api(`upload?path=${q('/up/report.bin')}`), {
      method: 'PUT',
      body: bytes,
    });
    expect(put.status).toBe(404);
    expect((await postJson(api('mkdir'), { path: '/up' })).status).toBe(201);
    const uploaded = await fetch(api(`upload?path=${q('/up/report.bin')}`), {
      method: 'PUT',
      body: bytes,
    });
    expect(uploaded.status).toBe(201);
    expect((await readJson(uploaded)).entry).toMatchObject({ name: 'report.bin', size: 300_000 });
    expect(Buffer.compare(await readFile(join(t.dataDir, 'up', 'report.bin')), bytes)).toBe(0);

    const list = await readJson(await fetch(api(`list?path=${q('/up')}`)));
    expect(list.entries).toEqual([
      expect.objectContaining({
        kind: 'file',
        name: 'report.bin',
        path: '/up/report.bin',
        size: 300_000,
      }),
    ]);

    const download = await fetch(api(`download?path=${q('/up/report.bin')}`));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-length')).toBe('300000');
    expect(download.headers.get('content-disposition')).toContain(
      'attachment; filename="report.bin"',
    );
    expect(Buffer.compare(new Uint8Array(await download.arrayBuffer()), bytes)).toBe(0);
  });

  it('streams a body of unknown length (no Content-Length)', async () => {
    const bytes = patternBytes(200_000);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 65_536)
          controller.enqueue(bytes.slice(i, i + 65_536));
        controller.close();
      },
    });
    const res = await fetch(api(`upload?path=${q('/chunked.bin')}`), {
      method: 'PUT',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(201);
    expect(Buffer.compare(await readFile(join(t.dataDir, 'chunked.bin')), bytes)).toBe(0);
  });

  it('serves byte ranges with 206 and refuses unsatisfiable ones with 416', async () => {
    await writeFile(join(t.dataDir, 'digits.txt'), '0123456789');
    const partial = await fetch(api(`download?path=${q('/digits.txt')}`), {
      headers: { range: 'bytes=2-5' },
    });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await partial.text()).toBe('2345');
    const suffix = await fetch(api(`download?path=${q('/digits.txt')}`), {
      headers: { range: 'bytes=-3' },
    });
    expect(await suffix.text()).toBe('789');
    const beyond = await fetch(api(`download?path=${q('/digits.txt')}`), {
      headers: { range: 'bytes=10-' },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */10');
  });

  it('renames, copies, searches and deletes, answering each change with the entry', async () => {
    await writeFile(join(t.dataDir, 'draft.txt'), 'draft');
    const renamed = await postJson(api('move'), { from: '/draft.txt', to: '/final.txt' });
    expect((await readJson(renamed)).entry).toMatchObject({ name: 'final.txt', size: 5 });
    const copied = await postJson(api('copy'), { from: '/final.txt', to: '/copies/final.txt' });
    expect(copied.status).toBe(404);
    await postJson(api('mkdir'), { path: '/copies' });
    expect(
      (await postJson(api('copy'), { from: '/final.txt', to: '/copies/final.txt' })).status,
    ).toBe(200);
    const found = await readJson(await fetch(api(`search?q=final`)));
    expect(found.entries.map((e) => e.path).sort()).toEqual(['/copies/final.txt', '/final.txt']);
    expect((await postJson(api('delete'), { path: '/copies' })).status).toBe(400);
    expect((await postJson(api('delete'), { path: '/copies', recursive: true })).status).toBe(204);
    const stat = await fetch(api(`stat?path=${q('/copies')}`));
    expect(stat.status).toBe(404);
  });

  it('answers errors as JSON with the PolydriveError code and message', async () => {
    const missing = await fetch(api(`stat?path=${q('/nope.txt')}`));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect((await readJson(missing)).error).toMatchObject({
      code: 'NotFound',
      message: expect.stringContaining('/nope.txt'),
    });
    const outside = await fetch(api(`list?path=${q('/../etc')}`));
    expect(outside.status).toBe(400);
    expect((await readJson(outside)).error.code).toBe('InvalidArgument');
    await postJson(api('mkdir'), { path: '/twice' });
    const again = await postJson(api('mkdir'), { path: '/twice' });
    expect(again.status).toBe(409);
    expect((await readJson(again)).error.code).toBe('AlreadyExists');
    const folder = await fetch(api(`download?path=${q('/twice')}`));
    expect((await readJson(folder)).error.code).toBe('NotAFile');
    const unknown = await fetch(`${t.url}/api/connections/nowhere/list`);
    expect(unknown.status).toBe(404);
    expect((await readJson(unknown)).error.message).toContain('local');
    const badBody = await postJson(api('move'), { from: '/twice' });
    expect((await readJson(badBody)).error).toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('to'),
    });
  });

  it('reads JSON only when it is sent as JSON', async () => {
    const res = await fetch(api('mkdir'), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ path: '/plain' }),
    });
    expect(res.status).toBe(400);
    expect((await readJson(res)).error.message).toContain('Content-Type');
  });

  it('copies and moves between connections', async () => {
    await writeFile(join(t.dataDir, 'travel.txt'), 'bon voyage');
    const copy = await postJson(`${t.url}/api/transfer`, {
      from: { connection: 'local', path: '/travel.txt' },
      to: { connection: 'memory', path: '/travel.txt' },
      mode: 'copy',
    });
    expect((await readJson(copy)).entry).toMatchObject({ name: 'travel.txt', size: 10 });
    const back = await postJson(`${t.url}/api/transfer`, {
      from: { connection: 'memory', path: '/travel.txt' },
      to: { connection: 'local', path: '/returned.txt' },
      mode: 'move',
    });
    expect(back.status).toBe(200);
    expect(await readFile(join(t.dataDir, 'returned.txt'), 'utf8')).toBe('bon voyage');
    const gone = await fetch(`${t.url}/api/connections/memory/stat?path=${q('/travel.txt')}`);
    expect(gone.status).toBe(404);
    const badMode = await postJson(`${t.url}/api/transfer`, {
      from: { connection: 'local', path: '/travel.txt' },
      to: { connection: 'memory', path: '/x.txt' },
      mode: 'teleport',
    });
    expect((await readJson(badMode)).error.code).toBe('InvalidArgument');
  });
});

describe('the web app around the API', () => {
  it('serves the page, its script and its style sheet with a strict content security policy', async () => {
    const page = await fetch(`${t.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    expect((await fetch(`${t.url}/app.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${t.url}/style.css`)).headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${t.url}/../package.json`)).status).toBe(404);
  });

  it('refuses changes from another origin and requests for another host name', async () => {
    const crossSite = await fetch(api('mkdir'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: JSON.stringify({ path: '/evil' }),
    });
    expect(crossSite.status).toBe(403);
    const sameSite = await fetch(api('mkdir'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: t.url },
      body: JSON.stringify({ path: '/fine' }),
    });
    expect(sameSite.status).toBe(201);
    const rebound = await getWithHost(`${t.url}/api/connections`, 'evil.example');
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.code).toBe('PermissionDenied');
  });

  it('lists the connections without options or secrets', async () => {
    const { connections } = await readJson(await fetch(`${t.url}/api/connections`));
    expect(connections.map((c: { id: string }) => c.id)).toEqual([
      'local',
      'memory',
      'onedrive',
      'gdrive',
      'dropbox',
    ]);
    expect(connections[0]).toMatchObject({
      mode: 'local',
      state: 'connected',
      description: t.dataDir,
    });
    expect(connections[2]).toMatchObject({
      label: 'OneDrive',
      mode: 'emulated',
      state: 'signed-out',
    });
    const text = JSON.stringify(connections);
    expect(text).not.toMatch(/tokenStore|clientSecret|clientId|codeVerifier|graphBaseUrl/);
    expect(t.logs).toEqual([]);
  });
});

/** A GET with a chosen Host header, which fetch does not allow (as a DNS-rebinding page would send). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}
