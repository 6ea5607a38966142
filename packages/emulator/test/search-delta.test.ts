import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, jsonBody, startHarness } from './support/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.emu.microsoft.seed(h.email, {
    '/Plans/roadmap.md': 'r',
    "/Plans/it's done.txt": 'q',
    '/Photos/Beach.jpg': 'b',
    '/Photos/roadtrip/day1.jpg': 'd',
  });
});
afterEach(async () => {
  await h.emu.stop();
});

async function follow(first: string): Promise<{ items: Json[]; deltaLink: string; pages: number }> {
  const items: Json[] = [];
  let url: string | undefined = first;
  let pages = 0;
  for (;;) {
    const response = await fetch(url as string, {
      headers: { authorization: `Bearer ${h.token}` },
    });
    expect(response.status).toBe(200);
    const page = (await response.json()) as Json;
    pages++;
    items.push(...page.value);
    if (page['@odata.deltaLink']) return { items, deltaLink: page['@odata.deltaLink'], pages };
    url = page['@odata.nextLink'];
    expect(url).toBeDefined();
  }
}

describe('search', () => {
  it('matches names case-insensitively anywhere beneath the folder', async () => {
    const { body } = await h.graphJson<Json>("/me/drive/root/search(q='ROAD')");
    expect(body.value.map((item: Json) => item.name).sort()).toEqual(['roadmap.md', 'roadtrip']);
    const photos = await h.graphJson<Json>("/me/drive/root:/Photos:/search(q='road')");
    expect(photos.body.value.map((item: Json) => item.name)).toEqual(['roadtrip']);
  });

  it('undoes doubled quotes in the query, also when percent-encoded', async () => {
    const { body } = await h.graphJson<Json>(
      `/me/drive/root/search(q=${encodeURIComponent("'it''s'")})`,
    );
    expect(body.value.map((item: Json) => item.name)).toEqual(["it's done.txt"]);
  });

  it('pages results with nextLink', async () => {
    const first = await h.graphJson<Json>("/me/drive/root/search(q='a')?$top=2");
    expect(first.body.value).toHaveLength(2);
    const next = await fetch(first.body['@odata.nextLink'], {
      headers: { authorization: `Bearer ${h.token}` },
    });
    const second = (await next.json()) as Json;
    const names = [...first.body.value, ...second.value].map((item: Json) => item.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('Beach.jpg');
  });
});

describe('delta', () => {
  it('enumerates everything in pages, parents before children, and ends with a deltaLink', async () => {
    const { items, deltaLink, pages } = await follow(
      `${h.emu.urls.graph}/me/drive/root/delta?$top=3`,
    );
    expect(pages).toBe(3);
    expect(items).toHaveLength(8);
    expect(items[0]?.root).toEqual({});
    const seen = new Set<string>();
    for (const item of items) {
      if (item.parentReference?.id) expect(seen.has(item.parentReference.id)).toBe(true);
      expect(item.parentReference?.path).toBeUndefined();
      seen.add(item.id);
    }
    expect(deltaLink).toMatch(/\/root\/delta\?.*token=/);
  });

  it('reports changes since a token with their parents, and deletions with the deleted facet', async () => {
    const { deltaLink } = await follow(`${h.emu.urls.graph}/me/drive/root/delta`);
    await h.graph('/me/drive/root:/Photos/roadtrip/day2.jpg:/content', {
      method: 'PUT',
      body: 'two',
    });
    const beach = h.emu.microsoft.stat(h.email, '/Photos/Beach.jpg');
    expect((await h.graph(`/me/drive/items/${beach?.id}`, { method: 'DELETE' })).status).toBe(204);
    const changes = await follow(deltaLink);
    const names = changes.items.filter((item) => !item.deleted).map((item) => item.name);
    expect(names).toEqual(expect.arrayContaining(['root', 'Photos', 'roadtrip', 'day2.jpg']));
    expect(names).not.toContain('Plans');
    const deleted = changes.items.filter((item) => item.deleted);
    expect(deleted).toEqual([
      expect.objectContaining({ id: beach?.id, deleted: { state: 'deleted' } }),
    ]);
    const quiet = await follow(changes.deltaLink);
    expect(quiet.items).toEqual([]);
  });

  it('answers token=latest with no items and a working deltaLink', async () => {
    const latest = await h.graphJson<Json>('/me/drive/root/delta?token=latest');
    expect(latest.body.value).toEqual([]);
    await h.graph('/me/drive/root/children', jsonBody('POST', { name: 'Fresh', folder: {} }));
    const changes = await follow(latest.body['@odata.deltaLink']);
    expect(changes.items.map((item) => item.name)).toEqual(['root', 'Fresh']);
  });

  it('answers 410 resyncRequired for an invalid or invalidated token', async () => {
    const bad = await h.graphJson<Json>('/me/drive/root/delta?token=garbage');
    expect(bad.status).toBe(410);
    expect(bad.body.error.code).toBe('resyncRequired');
    expect(bad.headers.get('location')).toMatch(/\/root\/delta$/);
    const { deltaLink } = await follow(`${h.emu.urls.graph}/me/drive/root/delta`);
    h.emu.microsoft.invalidateDeltaTokens(h.email);
    const stale = await fetch(deltaLink, { headers: { authorization: `Bearer ${h.token}` } });
    expect(stale.status).toBe(410);
  });
});
