import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, jsonBody, startHarness } from './support/harness.js';

let h: Harness;
let siteId: string;
let siteDriveId: string;
beforeEach(async () => {
  h = await startHarness({}, { email: 'ada@contoso.com', driveType: 'business' });
  const site = h.emu.microsoft.addSite({ displayName: 'Team Site', members: [h.email] });
  siteId = site.id;
  siteDriveId = site.driveId;
  h.emu.microsoft.seed(siteId, { '/Shared/plan.txt': 'site plan' });
  h.emu.microsoft.seed(h.email, { '/mine.txt': 'my own' });
});
afterEach(async () => {
  await h.emu.stop();
});

const site = () => `/sites/${encodeURIComponent(siteId).replace(/%2C/g, ',')}/drive`;

describe('/sites/{site-id}/drive', () => {
  it("answers the site's document library, not the user's drive", async () => {
    const drive = await h.graphJson<Json>(site());
    expect(drive.status).toBe(200);
    expect(drive.body).toMatchObject({ id: siteDriveId, driveType: 'documentLibrary' });
    const own = await h.graphJson<Json>('/me/drive');
    expect(own.body.id).not.toBe(siteDriveId);
  });

  it('addresses items by path, by id, children and content like the other drive roots', async () => {
    const byPath = await h.graphJson<Json>(`${site()}/root:/Shared/plan.txt`);
    expect(byPath.status).toBe(200);
    expect(byPath.body.parentReference).toMatchObject({
      driveId: siteDriveId,
      driveType: 'documentLibrary',
      siteId,
      path: `/drives/${siteDriveId}/root:/Shared`,
    });
    const byId = await h.graphJson<Json>(`${site()}/items/${byPath.body.id}`);
    expect(byId.body.name).toBe('plan.txt');
    const children = await h.graphJson<Json>(`${site()}/root/children`);
    expect(children.body.value.map((item: Json) => item.name)).toEqual(['Shared']);
    const download = await h.graph(`${site()}/root:/Shared/plan.txt:/content`);
    expect(download.status).toBe(302);
    const bytes = await fetch(download.headers.get('location') as string);
    expect(await bytes.text()).toBe('site plan');
    const mine = await h.graphJson<Json>(`${site()}/root:/mine.txt`);
    expect(mine.status).toBe(404);
  });

  it('writes into the library by simple upload and upload session', async () => {
    const put = await h.graphJson<Json>(`${site()}/root:/new.txt:/content`, {
      method: 'PUT',
      body: 'fresh',
    });
    expect(put.status).toBe(201);
    const session = await h.graphJson<Json>(
      `${site()}/root:/big.bin:/createUploadSession`,
      jsonBody('POST', {}),
    );
    expect(session.status).toBe(200);
    const done = await fetch(session.body.uploadUrl, {
      method: 'PUT',
      headers: { 'content-range': 'bytes 0-4/5' },
      body: 'bytes',
    });
    expect(done.status).toBe(201);
    expect(h.emu.microsoft.readFile(siteId, '/new.txt')?.toString()).toBe('fresh');
    expect(h.emu.microsoft.readFile(siteId, '/big.bin')?.toString()).toBe('bytes');
    expect(h.emu.microsoft.stat(h.email, '/new.txt')).toBeUndefined();
  });

  it('is also reachable as /drives/{drive-id}', async () => {
    const item = await h.graphJson<Json>(`/drives/${siteDriveId}/root:/Shared/plan.txt`);
    expect(item.status).toBe(200);
  });

  it('answers 404 "Requested site could not be found" for an unknown site', async () => {
    const unknown = await h.graphJson<Json>(
      '/sites/contoso.sharepoint.com,00000000-0000-0000-0000-000000000000,00000000-0000-0000-0000-000000000001/drive',
    );
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'itemNotFound',
      message: 'Requested site could not be found',
    });
  });

  it('answers 403 to a tenant colleague who is not a member', async () => {
    const tenantId = h.emu.microsoft.accounts()[0]?.tenantId as string;
    h.emu.microsoft.addAccount({ email: 'bob@contoso.com', driveType: 'business', tenantId });
    const { accessToken } = h.emu.microsoft.mintToken('bob@contoso.com');
    const response = await h.graphJson<Json>(site(), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('accessDenied');
  });

  it('refuses personal accounts as members', () => {
    h.emu.microsoft.addAccount({ email: 'eve@outlook.com' });
    expect(() => h.emu.microsoft.addSite({ members: ['eve@outlook.com'] })).toThrow(/personal/);
  });
});

describe('permanentDelete', () => {
  it('removes an item without putting it in the recycle bin; DELETE recycles', async () => {
    const gone = await h.graph(`${site()}/root:/Shared/plan.txt:/permanentDelete`, {
      method: 'POST',
    });
    expect(gone.status).toBe(204);
    expect((await h.graph(`${site()}/root:/Shared/plan.txt`)).status).toBe(404);
    expect(h.emu.microsoft.recycleBin(siteId)).toEqual([]);
    expect((await h.graphJson<Json>(site())).body.quota.deleted).toBe(0);

    const recycled = await h.graph('/me/drive/root:/mine.txt', { method: 'DELETE' });
    expect(recycled.status).toBe(204);
    expect(h.emu.microsoft.recycleBin(h.email)).toMatchObject([
      { name: 'mine.txt', kind: 'file', size: 6, parentPath: '/' },
    ]);
    expect((await h.graphJson<Json>('/me/drive')).body.quota.deleted).toBe(6);
  });

  it('honours If-Match like DELETE and refuses the root', async () => {
    const stale = await h.graph(`${site()}/root:/Shared:/permanentDelete`, {
      method: 'POST',
      headers: { 'if-match': '"{00000000-0000-0000-0000-000000000000},1"' },
    });
    expect(stale.status).toBe(412);
    const folder = await h.graphJson<Json>(`${site()}/root:/Shared`);
    const fresh = await h.graph(`${site()}/items/${folder.body.id}/permanentDelete`, {
      method: 'POST',
      headers: { 'if-match': folder.body.eTag },
    });
    expect(fresh.status).toBe(204);
    expect(h.emu.microsoft.stat(siteId, '/Shared/plan.txt')).toBeUndefined();
    expect((await h.graph(`${site()}/root/permanentDelete`, { method: 'POST' })).status).toBe(403);
    expect(
      (await h.graph(`${site()}/root:/missing.txt:/permanentDelete`, { method: 'POST' })).status,
    ).toBe(404);
  });

  it('works on a personal drive too, as the permission table offers it to personal accounts', async () => {
    const personal = await startHarness();
    try {
      personal.emu.microsoft.seed(personal.email, { '/a.txt': 'a' });
      const response = await personal.graph('/me/drive/root:/a.txt:/permanentDelete', {
        method: 'POST',
      });
      expect(response.status).toBe(204);
      expect(personal.emu.microsoft.recycleBin(personal.email)).toEqual([]);
    } finally {
      await personal.emu.stop();
    }
  });
});
