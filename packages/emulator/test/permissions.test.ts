import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, jsonBody, startHarness } from './support/harness.js';

let h: Harness;
let folderId: string;
let fileId: string;
beforeEach(async () => {
  h = await startHarness({}, { email: 'owner@contoso.com', driveType: 'business' });
  h.emu.microsoft.addAccount({
    email: 'bob@contoso.com',
    displayName: 'Bob',
    driveType: 'business',
  });
  h.emu.microsoft.seed(h.email, { '/Shared/plan.txt': 'p' });
  folderId = h.emu.microsoft.stat(h.email, '/Shared')?.id as string;
  fileId = h.emu.microsoft.stat(h.email, '/Shared/plan.txt')?.id as string;
});
afterEach(async () => {
  await h.emu.stop();
});

describe('permissions', () => {
  it('lists the owner first', async () => {
    const { body } = await h.graphJson<Json>(`/me/drive/items/${fileId}/permissions`);
    expect(body.value).toHaveLength(1);
    expect(body.value[0]).toMatchObject({
      roles: ['owner'],
      grantedToV2: { user: { email: 'owner@contoso.com' } },
    });
  });

  it('invites recipients, inherits down the tree and deletes on the granting folder', async () => {
    const invited = await h.graphJson<Json>(
      `/me/drive/items/${folderId}/invite`,
      jsonBody('POST', {
        recipients: [{ email: 'bob@contoso.com' }, { email: 'eve@elsewhere.org' }],
        roles: ['write'],
        requireSignIn: true,
      }),
    );
    expect(invited.status).toBe(200);
    expect(invited.body.value).toHaveLength(2);
    const bob = invited.body.value[0];
    expect(bob).toMatchObject({
      roles: ['write'],
      grantedToV2: { user: { email: 'bob@contoso.com', displayName: 'Bob' } },
    });
    const onFile = (await h.graphJson<Json>(`/me/drive/items/${fileId}/permissions`)).body.value;
    expect(
      onFile.find((permission: Json) => permission.id === bob.id)?.inheritedFrom,
    ).toMatchObject({ id: folderId });
    expect(
      (await h.graph(`/me/drive/items/${fileId}/permissions/${bob.id}`, { method: 'DELETE' }))
        .status,
    ).toBe(400);
    expect(
      (await h.graph(`/me/drive/items/${folderId}/permissions/${bob.id}`, { method: 'DELETE' }))
        .status,
    ).toBe(204);
    expect(
      (await h.graph(`/me/drive/items/${folderId}/permissions/${bob.id}`, { method: 'DELETE' }))
        .status,
    ).toBe(404);
    const left = (await h.graphJson<Json>(`/me/drive/items/${folderId}/permissions`)).body.value;
    expect(left.map((permission: Json) => permission.grantedToV2?.user?.email)).toEqual([
      'owner@contoso.com',
      'eve@elsewhere.org',
    ]);
  });

  it('rejects invites without recipients or with unknown roles', async () => {
    const none = await h.graph(
      `/me/drive/items/${fileId}/invite`,
      jsonBody('POST', { recipients: [], roles: ['read'] }),
    );
    expect(none.status).toBe(400);
    const owner = await h.graph(
      `/me/drive/items/${fileId}/invite`,
      jsonBody('POST', { recipients: [{ email: 'a@b.c' }], roles: ['owner'] }),
    );
    expect(owner.status).toBe(400);
  });

  it('creates sharing links and returns the existing one for the same type and scope', async () => {
    const view = await h.graphJson<Json>(
      `/me/drive/items/${fileId}/createLink`,
      jsonBody('POST', { type: 'view', scope: 'anonymous' }),
    );
    expect(view.status).toBe(201);
    expect(view.body).toMatchObject({
      roles: ['read'],
      link: { type: 'view', scope: 'anonymous' },
    });
    expect(view.body.link.webUrl).toMatch(/^https:\/\/contoso-my\.sharepoint\.com\//);
    const again = await h.graphJson<Json>(
      `/me/drive/items/${fileId}/createLink`,
      jsonBody('POST', { type: 'view', scope: 'anonymous' }),
    );
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(view.body.id);
    const edit = await h.graphJson<Json>(
      `/me/drive/items/${fileId}/createLink`,
      jsonBody('POST', { type: 'edit', scope: 'organization' }),
    );
    expect(edit.status).toBe(201);
    expect(edit.body.roles).toEqual(['write']);
    const listed = (await h.graphJson<Json>(`/me/drive/items/${fileId}/permissions`)).body.value;
    expect(listed).toHaveLength(3);
    const item = (await h.graphJson<Json>(`/me/drive/items/${fileId}`)).body;
    expect(item.shared).toEqual({ scope: 'anonymous' });
  });

  it('refuses to remove the owner and rejects bad link types', async () => {
    const owner = (await h.graphJson<Json>(`/me/drive/items/${fileId}/permissions`)).body.value[0];
    expect(
      (await h.graph(`/me/drive/items/${fileId}/permissions/${owner.id}`, { method: 'DELETE' }))
        .status,
    ).toBe(403);
    expect(
      (await h.graph(`/me/drive/items/${fileId}/createLink`, jsonBody('POST', { type: 'print' })))
        .status,
    ).toBe(400);
  });
});
