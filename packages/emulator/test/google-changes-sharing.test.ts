import type { drive_v3 } from '@googleapis/drive';
import { afterEach, describe, expect, it } from 'vitest';
import { type GoogleHarness, json, reasonOf, startGoogle } from './support/google.js';

let h: GoogleHarness;

afterEach(async () => {
  await h?.emu.stop();
});

describe('changes', () => {
  it('reports creations, trashing and deletions after a start page token', async () => {
    h = await startGoogle();
    h.emu.google.seed(h.email, { '/before.txt': 'old' });
    const start = await h.drive.changes.getStartPageToken({}, h.call);
    const token = start.data.startPageToken as string;
    expect(token).toMatch(/^\d+$/);

    const a = h.emu.google.addFile(h.email, { name: 'a.txt', content: 'a' });
    const b = h.emu.google.addFile(h.email, { name: 'b.txt', content: 'b' });
    const c = h.emu.google.addFile(h.email, { name: 'c.txt', content: 'c' });
    await h.drive.files.update({ fileId: b.id, requestBody: { trashed: true } }, h.call);
    await h.drive.files.delete({ fileId: c.id }, h.call);

    const seen: Array<{ fileId: string; removed: boolean; trashed?: boolean }> = [];
    let pageToken: string | undefined = token;
    let next: string | undefined;
    while (pageToken) {
      const page: { status: number; data: drive_v3.Schema$ChangeList } = await h.drive.changes.list(
        {
          pageToken,
          pageSize: 2,
          fields: 'nextPageToken,newStartPageToken,changes(fileId,removed,file(trashed))',
        },
        h.call,
      );
      expect(page.status).toBe(200);
      for (const change of page.data.changes ?? []) {
        seen.push({
          fileId: change.fileId as string,
          removed: change.removed as boolean,
          ...(change.file ? { trashed: change.file.trashed as boolean } : {}),
        });
      }
      pageToken = page.data.nextPageToken ?? undefined;
      next = page.data.newStartPageToken ?? undefined;
    }
    expect(seen).toEqual([
      { fileId: a.id, removed: false, trashed: false },
      { fileId: b.id, removed: false, trashed: true },
      { fileId: c.id, removed: true },
    ]);
    expect(Number(next)).toBeGreaterThan(Number(token));
    const quiet = await h.drive.changes.list({ pageToken: next as string }, h.call);
    expect(quiet.data.changes).toEqual([]);
    expect(quiet.data.newStartPageToken).toBe(next);

    const missing = await h.apiJson('/drive/v3/changes');
    expect(reasonOf(missing.body)).toMatchObject({ reason: 'required', location: 'pageToken' });
  });
});

describe('permissions', () => {
  it('lists, creates and deletes user, group, domain and anyone permissions', async () => {
    h = await startGoogle();
    h.emu.google.addAccount({ email: 'grace@example.com', displayName: 'Grace' });
    const file = h.emu.google.addFile(h.email, { name: 'shared.txt', content: 'x' });
    const owner = await h.drive.permissions.list({ fileId: file.id }, h.call);
    expect(owner.data.permissions).toEqual([
      expect.objectContaining({ type: 'user', role: 'owner', emailAddress: h.email }),
    ]);
    const requests = [
      { type: 'user', role: 'reader', emailAddress: 'grace@example.com' },
      { type: 'group', role: 'writer', emailAddress: 'team@example.com' },
      { type: 'domain', role: 'commenter', domain: 'example.org' },
      { type: 'anyone', role: 'reader' },
    ];
    const created = [];
    for (const requestBody of requests) {
      const res = await h.drive.permissions.create(
        {
          fileId: file.id,
          requestBody,
          sendNotificationEmail: requestBody.type === 'user' || requestBody.type === 'group',
        },
        h.call,
      );
      expect(res.status, JSON.stringify(res.data)).toBe(200);
      created.push(res.data);
    }
    expect(created.map((p) => [p.type, p.role])).toEqual(requests.map((r) => [r.type, r.role]));
    expect(created[3]?.id).toBe('anyoneWithLink');
    expect(created[0]?.displayName).toBe('Grace');

    const meta = await h.drive.files.get(
      { fileId: file.id, fields: 'shared,permissionIds' },
      h.call,
    );
    expect(meta.data.shared).toBe(true);
    expect(meta.data.permissionIds).toHaveLength(5);

    // Grace can read it now, with her own token.
    const grace = h.emu.google.mintToken('grace@example.com');
    const asGrace = await h.drive.files.get(
      { fileId: file.id, fields: 'name,ownedByMe,capabilities/canEdit' },
      { ...h.call, headers: { authorization: `Bearer ${grace.accessToken}` } },
    );
    expect(asGrace.data).toEqual({
      name: 'shared.txt',
      ownedByMe: false,
      capabilities: { canEdit: false },
    });

    const removed = await h.drive.permissions.delete(
      { fileId: file.id, permissionId: created[0]?.id as string },
      h.call,
    );
    expect(removed.status).toBe(204);
    const ownerGone = await h.drive.permissions.delete(
      { fileId: file.id, permissionId: owner.data.permissions?.[0]?.id as string },
      h.call,
    );
    expect(ownerGone.status).toBe(403);
    const noEmail = await h.drive.permissions.create(
      { fileId: file.id, requestBody: { type: 'user', role: 'reader' } },
      h.call,
    );
    expect(noEmail.status).toBe(400);
    const list = await h.drive.permissions.list(
      { fileId: file.id, fields: 'permissions(id)' },
      h.call,
    );
    expect(list.data.permissions?.map((p) => p.id)).not.toContain(created[0]?.id);
  });
});

describe('shared drives', () => {
  it('needs supportsAllDrives, lists with corpora=drive and feeds changes by driveId', async () => {
    h = await startGoogle();
    const team = h.emu.google.addSharedDrive('Team', { [h.email]: 'organizer' });
    const doc = h.emu.google.addFile(h.email, { parent: team.id, name: 'plan.txt', content: 'p' });
    expect(doc.driveId).toBe(team.id);

    const without = await h.drive.files.get({ fileId: doc.id }, h.call);
    expect(without.status).toBe(404);
    const withFlag = await h.drive.files.get(
      { fileId: doc.id, supportsAllDrives: true, fields: 'driveId,parents' },
      h.call,
    );
    expect(withFlag.data).toEqual({ driveId: team.id, parents: [team.id] });

    const userCorpus = await h.drive.files.list({ fields: 'files(id)' }, h.call);
    expect(userCorpus.data.files?.map((f) => f.id)).not.toContain(doc.id);
    const driveCorpus = await h.drive.files.list(
      {
        corpora: 'drive',
        driveId: team.id,
        includeItemsFromAllDrives: true,
        supportsAllDrives: true,
        fields: 'files(id)',
      },
      h.call,
    );
    expect(driveCorpus.data.files?.map((f) => f.id)).toEqual([doc.id]);
    const halfAsked = await h.drive.files.list({ corpora: 'drive', driveId: team.id }, h.call);
    expect(halfAsked.status).toBe(400);

    const drives = await h.drive.drives.list({}, h.call);
    expect(drives.data.drives).toEqual([{ kind: 'drive#drive', id: team.id, name: 'Team' }]);

    const start = await h.drive.changes.getStartPageToken(
      { driveId: team.id, supportsAllDrives: true },
      h.call,
    );
    const upload = await h.drive.files.create(
      {
        requestBody: { name: 'new.txt', parents: [team.id] },
        media: { mimeType: 'text/plain', body: 'n' },
        supportsAllDrives: true,
        fields: 'id,driveId',
      },
      h.call,
    );
    expect(upload.data.driveId).toBe(team.id);
    const changes = await h.drive.changes.list(
      {
        pageToken: start.data.startPageToken as string,
        driveId: team.id,
        supportsAllDrives: true,
        includeItemsFromAllDrives: true,
        fields: 'changes(fileId,driveId)',
      },
      h.call,
    );
    expect(changes.data.changes).toEqual([{ fileId: upload.data.id, driveId: team.id }]);
    const mine = await h.drive.changes.list(
      { pageToken: start.data.startPageToken as string, fields: 'changes(fileId)' },
      h.call,
    );
    expect(mine.data.changes).toEqual([]);

    const created = await h.api('/drive/v3/drives?requestId=r1', json('POST', { name: 'Second' }));
    expect(created.status).toBe(200);
    const duplicate = await h.api(
      '/drive/v3/drives?requestId=r1',
      json('POST', { name: 'Second' }),
    );
    expect(duplicate.status).toBe(409);
  });
});
