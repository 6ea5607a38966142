import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, jsonBody, startHarness } from './support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.emu.microsoft.seed(h.email, {
    '/Docs/Report Q1.txt': 'quarter one',
    '/Docs/notes#1.md': 'hash in name',
    '/Docs/sub/deep.txt': 'deep',
    '/empty': null,
  });
});
afterEach(async () => {
  await h.emu.stop();
});

describe('authentication', () => {
  it('rejects a request without a token with "Access token is empty."', async () => {
    const response = await h.graph('/me/drive', { headers: { authorization: '' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const body = (await response.json()) as Json;
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(body.error.message).toBe('Access token is empty.');
    expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
  });

  it('rejects unknown and expired tokens', async () => {
    const unknown = await h.graphJson('/me/drive', { headers: { authorization: 'Bearer nope' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toMatchObject({ code: 'InvalidAuthenticationToken' });
    h.emu.microsoft.expireTokens(h.email);
    const expired = await h.graphJson<Json>('/me/drive');
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toBe('Access token has expired or is not yet valid.');
  });

  it('accepts a static token given at start and echoes client-request-id', async () => {
    h.emu.microsoft.addStaticToken('fixed-token', h.email);
    const response = await h.graph('/me', {
      headers: { authorization: 'Bearer fixed-token', 'client-request-id': 'abc-123' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('client-request-id')).toBe('abc-123');
    expect(((await response.json()) as Json).userPrincipalName).toBe(h.email);
  });
});

describe('drive and addressing', () => {
  it('reports the drive with owner and quota', async () => {
    const { body } = await h.graphJson<Json>('/me/drive');
    expect(body.driveType).toBe('personal');
    expect(body.owner.user.email).toBe(h.email);
    expect(body.quota).toMatchObject({ used: 27, deleted: 0, state: 'normal' });
    expect(body.quota.remaining).toBe(body.quota.total - 27);
    const byId = await h.graphJson<Json>(`/drives/${body.id}`);
    expect(byId.body.id).toBe(body.id);
  });

  it('addresses the root as root, items/root and drive/items/root', async () => {
    const root = (await h.graphJson<Json>('/me/drive/root')).body;
    expect(root.root).toEqual({});
    expect(root.folder.childCount).toBe(2);
    expect((await h.graphJson<Json>('/me/drive/items/root')).body.id).toBe(root.id);
    expect((await h.graphJson<Json>('/drive/items/root')).body.id).toBe(root.id);
    expect((await h.graphJson<Json>(`/me/drive/items/${root.id}`)).body.id).toBe(root.id);
  });

  it('resolves percent-encoded paths case-insensitively, with or without the trailing colon', async () => {
    const exact = await h.graphJson<Json>('/me/drive/root:/Docs/Report%20Q1.txt');
    expect(exact.status).toBe(200);
    expect(exact.body.name).toBe('Report Q1.txt');
    expect(exact.body.parentReference.path).toBe('/drive/root:/Docs');
    const colon = await h.graphJson<Json>('/me/drive/root:/docs/REPORT%20q1.TXT:');
    expect(colon.body.id).toBe(exact.body.id);
    const hash = await h.graphJson<Json>('/me/drive/root:/Docs/notes%231.md:');
    expect(hash.body.name).toBe('notes#1.md');
    const viaDrives = await h.graphJson<Json>(
      `/drives/${exact.body.parentReference.driveId}/root:/Docs/Report%20Q1.txt`,
    );
    expect(viaDrives.body.parentReference.path).toBe(
      `/drives/${exact.body.parentReference.driveId}/root:/Docs`,
    );
  });

  it('resolves paths relative to an item', async () => {
    const docs = (await h.graphJson<Json>('/me/drive/root:/Docs')).body;
    const deep = await h.graphJson<Json>(`/me/drive/items/${docs.id}:/sub/deep.txt:`);
    expect(deep.body.name).toBe('deep.txt');
    const content = await h.graph(`/me/drive/items/${docs.id}:/sub/deep.txt:/content`);
    expect(content.status).toBe(302);
    expect(await (await fetch(content.headers.get('location') as string)).text()).toBe('deep');
  });

  it('answers 404 itemNotFound for missing items', async () => {
    const missing = await h.graphJson<Json>('/me/drive/root:/nope.txt');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('itemNotFound');
    expect((await h.graphJson('/me/drive/items/ABC!999')).status).toBe(404);
  });

  it('prints hashes, eTag and cTag for files', async () => {
    const { body } = await h.graphJson<Json>('/me/drive/root:/Docs/Report%20Q1.txt');
    expect(body.file.mimeType).toBe('text/plain');
    expect(Object.keys(body.file.hashes).sort()).toEqual([
      'quickXorHash',
      'sha1Hash',
      'sha256Hash',
    ]);
    expect(body.eTag).toMatch(/^"\{[0-9A-F-]+\},\d+"$/);
    expect(body.cTag).toMatch(/^"c:\{[0-9A-F-]+\},\d+"$/);
    expect(body.size).toBe(11);
    expect(body['@microsoft.graph.downloadUrl']).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/my\.microsoftpersonalcontent\.com\/download\//,
    );
  });

  it('answers If-None-Match with 304', async () => {
    const { body } = await h.graphJson<Json>('/me/drive/root:/Docs');
    const response = await h.graph('/me/drive/root:/Docs', {
      headers: { 'if-none-match': body.eTag },
    });
    expect(response.status).toBe(304);
  });
});

describe('children paging', () => {
  beforeEach(() => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 25; i++) entries[`/many/file-${String(i).padStart(2, '0')}.txt`] = `n${i}`;
    h.emu.microsoft.seed(h.email, entries);
  });

  it('pages with $top and an absolute nextLink until the end', async () => {
    const names: string[] = [];
    let next: string | undefined = `${h.emu.urls.graph}/me/drive/root:/many:/children?$top=10`;
    let pages = 0;
    while (next) {
      const response = await fetch(next, { headers: { authorization: `Bearer ${h.token}` } });
      const page = (await response.json()) as Json;
      expect(page.value.length).toBeLessThanOrEqual(10);
      names.push(...page.value.map((item: Json) => item.name));
      next = page['@odata.nextLink'];
      if (next)
        expect(next).toMatch(
          /^http:\/\/127\.0\.0\.1:\d+\/graph\.microsoft\.com\/v1\.0\/.*\$top=10.*\$skiptoken=/,
        );
      pages++;
    }
    expect(pages).toBe(3);
    expect(names).toHaveLength(25);
    expect(new Set(names).size).toBe(25);
  });

  it('keeps children in name order as they are renamed, added and deleted', async () => {
    const names = async () =>
      (await h.graphJson<Json>('/me/drive/root:/Docs:/children')).body.value.map(
        (item: Json) => item.name,
      );
    expect(await names()).toEqual(['notes#1.md', 'Report Q1.txt', 'sub']);
    const report = (await h.graphJson<Json>('/me/drive/root:/Docs/Report%20Q1.txt')).body;
    await h.graph(`/me/drive/items/${report.id}`, jsonBody('PATCH', { name: 'a.txt' }));
    expect(await names()).toEqual(['a.txt', 'notes#1.md', 'sub']);
    await h.graph('/me/drive/root:/Docs/B.txt:/content', { method: 'PUT', body: 'b' });
    expect(await names()).toEqual(['a.txt', 'B.txt', 'notes#1.md', 'sub']);
    await h.graph('/me/drive/root:/Docs/notes%231.md', { method: 'DELETE' });
    expect(await names()).toEqual(['a.txt', 'B.txt', 'sub']);
  });

  it('returns only $select-ed properties', async () => {
    const { body } = await h.graphJson<Json>(
      '/me/drive/root:/many:/children?$top=2&$select=id,name',
    );
    for (const item of body.value) expect(Object.keys(item).sort()).toEqual(['id', 'name']);
  });

  it('rejects $top outside 1..1000', async () => {
    for (const top of ['0', '1001', 'x']) {
      const { status, body } = await h.graphJson<Json>(`/me/drive/root/children?$top=${top}`);
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalidRequest');
    }
  });

  it('defaults to pages of 200', async () => {
    const entries: Record<string, string> = {};
    for (let i = 0; i < 201; i++) entries[`/big/f${i}.txt`] = '';
    h.emu.microsoft.seed(h.email, entries);
    const { body } = await h.graphJson<Json>('/me/drive/root:/big:/children');
    expect(body.value).toHaveLength(200);
    expect(body['@odata.nextLink']).toBeDefined();
  });
});

describe('folders, names and conditions', () => {
  it('creates folders with conflictBehavior fail (default) and rename', async () => {
    const created = await h.graphJson<Json>(
      '/me/drive/root/children',
      jsonBody('POST', { name: 'New', folder: {} }),
    );
    expect(created.status).toBe(201);
    expect(created.body.folder.childCount).toBe(0);
    const again = await h.graphJson<Json>(
      '/me/drive/root/children',
      jsonBody('POST', { name: 'new', folder: {} }),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('nameAlreadyExists');
    const renamed = await h.graphJson<Json>(
      '/me/drive/root/children',
      jsonBody('POST', { name: 'New', folder: {}, '@microsoft.graph.conflictBehavior': 'rename' }),
    );
    expect(renamed.body.name).toBe('New 1');
  });

  it('rejects invalid names with 400 invalidRequest / invalidPath', async () => {
    const bad = [
      'a:b',
      'a*b',
      'what?',
      'a|b',
      'quote"d',
      ' lead',
      'trail ',
      'CON',
      'desktop.ini',
      'x_vti_y',
      'dot.',
    ];
    for (const name of bad) {
      const { status, body } = await h.graphJson<Json>(
        '/me/drive/root/children',
        jsonBody('POST', { name, folder: {} }),
      );
      expect(status, name).toBe(400);
      expect(body.error.code).toBe('invalidRequest');
      expect(body.error.innererror.code).toBe('invalidPath');
    }
    const upload = await h.graphJson<Json>('/me/drive/root:/bad%3Cname.txt:/content', {
      method: 'PUT',
      body: 'x',
    });
    expect(upload.status).toBe(400);
    const long = `${'a'.repeat(200)}/${'b'.repeat(200)}.txt`;
    const tooLong = await h.graphJson<Json>(`/me/drive/root:/${long}:/content`, {
      method: 'PUT',
      body: 'x',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.innererror.code).toBe('invalidPath');
  });

  it('renames and moves with PATCH, keeping the id and changing the eTag', async () => {
    const file = (await h.graphJson<Json>('/me/drive/root:/Docs/Report%20Q1.txt')).body;
    const target = (await h.graphJson<Json>('/me/drive/root:/empty')).body;
    const moved = await h.graphJson<Json>(
      `/me/drive/items/${file.id}`,
      jsonBody('PATCH', { name: 'Q1.txt', parentReference: { id: target.id } }),
    );
    expect(moved.status).toBe(200);
    expect(moved.body.id).toBe(file.id);
    expect(moved.body.parentReference.path).toBe('/drive/root:/empty');
    expect(moved.body.eTag).not.toBe(file.eTag);
    expect(moved.body.cTag).toBe(file.cTag);
    expect((await h.graphJson('/me/drive/root:/Docs/Report%20Q1.txt')).status).toBe(404);
  });

  it('refuses to move a folder into its own subtree', async () => {
    const docs = (await h.graphJson<Json>('/me/drive/root:/Docs')).body;
    const sub = (await h.graphJson<Json>('/me/drive/root:/Docs/sub')).body;
    const response = await h.graphJson<Json>(
      `/me/drive/items/${docs.id}`,
      jsonBody('PATCH', { parentReference: { id: sub.id } }),
    );
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalidRequest');
  });

  it('answers 409 when a PATCH lands on a taken name', async () => {
    h.emu.microsoft.seed(h.email, { '/Docs/taken.txt': 't' });
    const file = (await h.graphJson<Json>('/me/drive/root:/Docs/notes%231.md')).body;
    const response = await h.graphJson<Json>(
      `/me/drive/items/${file.id}`,
      jsonBody('PATCH', { name: 'TAKEN.txt' }),
    );
    expect(response.status).toBe(409);
  });

  it('honours If-Match on PATCH and DELETE (412 when stale)', async () => {
    const file = (await h.graphJson<Json>('/me/drive/root:/Docs/notes%231.md')).body;
    const stale = '"{00000000-0000-0000-0000-000000000000},1"';
    const patch = await h.graphJson<Json>(
      `/me/drive/items/${file.id}`,
      jsonBody('PATCH', { name: 'other.md' }, { 'if-match': stale }),
    );
    expect(patch.status).toBe(412);
    expect(patch.body.error.code).toBe('resourceModified');
    const del = await h.graph(`/me/drive/items/${file.id}`, {
      method: 'DELETE',
      headers: { 'if-match': stale },
    });
    expect(del.status).toBe(412);
    const ok = await h.graphJson<Json>(
      `/me/drive/items/${file.id}`,
      jsonBody('PATCH', { name: 'other.md' }, { 'if-match': file.eTag }),
    );
    expect(ok.status).toBe(200);
  });

  it('deletes with 204, then 404; deleted bytes show in the quota', async () => {
    const file = (await h.graphJson<Json>('/me/drive/root:/Docs/sub/deep.txt')).body;
    expect((await h.graph(`/me/drive/items/${file.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await h.graph(`/me/drive/items/${file.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await h.graphJson<Json>('/me/drive')).body.quota.deleted).toBe(4);
  });

  it('copies through a monitor URL that reports inProgress then completed', async () => {
    const docs = (await h.graphJson<Json>('/me/drive/root:/Docs')).body;
    const target = (await h.graphJson<Json>('/me/drive/root:/empty')).body;
    const response = await h.graph(
      `/me/drive/items/${docs.id}/copy`,
      jsonBody('POST', { parentReference: { id: target.id }, name: 'Docs copy' }),
    );
    expect(response.status).toBe(202);
    const monitor = response.headers.get('location') as string;
    expect(monitor).toMatch(/\/api\.onedrive\.com\/monitor\//);
    const first = await fetch(monitor);
    expect(((await first.json()) as Json).status).toBe('inProgress');
    const second = await fetch(monitor);
    const done = (await second.json()) as Json;
    expect(done.status).toBe('completed');
    const copy = (await h.graphJson<Json>(`/me/drive/items/${done.resourceId}`)).body;
    expect(copy.name).toBe('Docs copy');
    expect(copy.folder.childCount).toBe(3);
    const deep = await h.graph('/me/drive/root:/empty/Docs%20copy/sub/deep.txt:/content');
    expect(await (await fetch(deep.headers.get('location') as string)).text()).toBe('deep');
  });

  it('refuses to copy a folder into itself', async () => {
    const docs = (await h.graphJson<Json>('/me/drive/root:/Docs')).body;
    const response = await h.graph(
      `/me/drive/items/${docs.id}/copy`,
      jsonBody('POST', { parentReference: { id: docs.id } }),
    );
    expect(response.status).toBe(400);
  });
});
