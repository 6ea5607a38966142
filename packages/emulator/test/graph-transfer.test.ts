import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, startHarness } from './support/harness.js';

let h: Harness;
afterEach(async () => {
  await h.emu.stop();
});

async function downloadUrl(path: string): Promise<string> {
  const response = await h.graph(`/me/drive/root:${path}:/content`);
  expect(response.status).toBe(302);
  return response.headers.get('location') as string;
}

describe('download', () => {
  it('redirects to a URL that needs no auth and honours Range', async () => {
    h = await startHarness();
    h.emu.microsoft.seed(h.email, { '/abc.txt': 'abcdefghij' });
    const url = await downloadUrl('/abc.txt');
    const full = await fetch(url);
    expect(full.status).toBe(200);
    expect(await full.text()).toBe('abcdefghij');
    const middle = await fetch(url, { headers: { range: 'bytes=2-4' } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await middle.text()).toBe('cde');
    const open = await fetch(url, { headers: { range: 'bytes=7-' } });
    expect(await open.text()).toBe('hij');
    const suffix = await fetch(url, { headers: { range: 'bytes=-3' } });
    expect(await suffix.text()).toBe('hij');
    const beyond = await fetch(url, { headers: { range: 'bytes=10-20' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */10');
  });

  it('lets a redirect-following client read through the 302 with a Range', async () => {
    h = await startHarness();
    h.emu.microsoft.seed(h.email, { '/abc.txt': 'abcdefghij' });
    const response = await h.graph('/me/drive/root:/abc.txt:/content', {
      redirect: 'follow',
      headers: { range: 'bytes=0-1' },
    });
    expect(response.status).toBe(206);
    expect(await response.text()).toBe('ab');
  });

  it('expires download URLs', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    h = await startHarness({ now: () => now, microsoft: { downloadUrlLifetimeSeconds: 60 } });
    h.emu.microsoft.seed(h.email, { '/a.txt': 'a' });
    const url = await downloadUrl('/a.txt');
    expect((await fetch(url)).status).toBe(200);
    now += 61_000;
    expect((await fetch(url)).status).toBe(401);
  });
});

describe('simple upload', () => {
  it('creates (201), replaces (200), fails (409) and renames per conflictBehavior', async () => {
    h = await startHarness();
    const created = await h.graphJson<Json>('/me/drive/root:/up/Report.pdf:/content', {
      method: 'PUT',
      body: 'one',
    });
    expect(created.status).toBe(201);
    expect(created.body.parentReference.path).toBe('/drive/root:/up');
    const replaced = await h.graphJson<Json>('/me/drive/root:/up/report.PDF:/content', {
      method: 'PUT',
      body: 'two!',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(created.body.id);
    expect(replaced.body.name).toBe('Report.pdf');
    expect(replaced.body.cTag).not.toBe(created.body.cTag);
    expect(replaced.body.size).toBe(4);
    const failed = await h.graphJson<Json>(
      '/me/drive/root:/up/Report.pdf:/content?@microsoft.graph.conflictBehavior=fail',
      {
        method: 'PUT',
        body: 'x',
      },
    );
    expect(failed.status).toBe(409);
    expect(failed.body.error.code).toBe('nameAlreadyExists');
    const renamed = await h.graphJson<Json>(
      '/me/drive/root:/up/Report.pdf:/content?@microsoft.graph.conflictBehavior=rename',
      {
        method: 'PUT',
        body: 'x',
      },
    );
    expect(renamed.status).toBe(201);
    expect(renamed.body.name).toBe('Report 1.pdf');
    const again = await h.graphJson<Json>(
      '/me/drive/root:/up/Report.pdf:/content?@microsoft.graph.conflictBehavior=rename',
      {
        method: 'PUT',
        body: 'y',
      },
    );
    expect(again.body.name).toBe('Report 2.pdf');
    expect(h.emu.microsoft.readFile(h.email, '/up/Report.pdf')?.toString()).toBe('two!');
  });

  it('replaces by id and under a parent id', async () => {
    h = await startHarness();
    const folder = (
      await h.graphJson<Json>('/me/drive/root/children', {
        method: 'POST',
        body: JSON.stringify({ name: 'f', folder: {} }),
        headers: { 'content-type': 'application/json' },
      })
    ).body;
    const created = await h.graphJson<Json>(`/me/drive/items/${folder.id}:/x.bin:/content`, {
      method: 'PUT',
      body: new Uint8Array([1, 2, 3]),
    });
    expect(created.status).toBe(201);
    const byId = await h.graphJson<Json>(`/me/drive/items/${created.body.id}/content`, {
      method: 'PUT',
      body: new Uint8Array([4]),
    });
    expect(byId.status).toBe(200);
    expect([...(h.emu.microsoft.readFile(h.email, '/f/x.bin') ?? [])]).toEqual([4]);
  });

  it('honours If-Match on PUT content', async () => {
    h = await startHarness();
    const created = (
      await h.graphJson<Json>('/me/drive/root:/a.txt:/content', { method: 'PUT', body: 'a' })
    ).body;
    const stale = await h.graph('/me/drive/root:/a.txt:/content', {
      method: 'PUT',
      body: 'b',
      headers: { 'if-match': '"{X},9"' },
    });
    expect(stale.status).toBe(412);
    const fresh = await h.graph('/me/drive/root:/a.txt:/content', {
      method: 'PUT',
      body: 'b',
      headers: { 'if-match': created.cTag },
    });
    expect(fresh.status).toBe(200);
  });

  it('refuses bodies over the simple-upload limit with 413', async () => {
    h = await startHarness({ microsoft: { maxSimpleUploadBytes: 1000 } });
    const response = await h.graphJson<Json>('/me/drive/root:/big.bin:/content', {
      method: 'PUT',
      body: new Uint8Array(1001),
    });
    expect(response.status).toBe(413);
    expect(h.emu.microsoft.stat(h.email, '/big.bin')).toBeUndefined();
  });

  it('answers 404 for missing parents when autoCreateParents is off', async () => {
    h = await startHarness({ microsoft: { autoCreateParents: false } });
    const response = await h.graphJson<Json>('/me/drive/root:/no/such/a.txt:/content', {
      method: 'PUT',
      body: 'a',
    });
    expect(response.status).toBe(404);
  });

  it('answers 507 when the quota is full', async () => {
    h = await startHarness({
      microsoft: { accounts: [{ email: 'tiny@example.com', quotaTotal: 10 }] },
    });
    const { accessToken } = h.emu.microsoft.mintToken('tiny@example.com');
    const response = await fetch(`${h.emu.urls.graph}/me/drive/root:/a.bin:/content`, {
      method: 'PUT',
      body: new Uint8Array(11),
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(507);
    expect(((await response.json()) as Json).error.code).toBe('quotaLimitReached');
  });
});
