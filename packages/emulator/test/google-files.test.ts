import { afterEach, describe, expect, it } from 'vitest';
import { type GoogleHarness, type Json, json, reasonOf, startGoogle } from './support/google.js';

const FOLDER = 'application/vnd.google-apps.folder';

let h: GoogleHarness;

afterEach(async () => {
  await h?.emu.stop();
});

describe('Drive v3 files through @googleapis/drive', () => {
  it('resolves the root alias and renders the file resource', async () => {
    h = await startGoogle();
    h.emu.google.seed(h.email, { '/Docs/readme.txt': 'hello' });
    const root = await h.drive.files.get(
      { fileId: 'root', fields: 'id,name,mimeType,parents' },
      h.call,
    );
    expect(root.status).toBe(200);
    expect(root.data).toEqual({ id: h.rootId, name: 'My Drive', mimeType: FOLDER });

    const listed = await h.drive.files.list(
      { q: "'root' in parents and trashed = false", fields: 'files(id,name)' },
      h.call,
    );
    const docs = listed.data.files?.[0];
    expect(listed.data.files?.map((f) => f.name)).toEqual(['Docs']);
    const file = await h.drive.files.list({ q: `'${docs?.id}' in parents`, fields: '*' }, h.call);
    const readme = file.data.files?.[0] as Record<string, unknown>;
    expect(readme).toMatchObject({
      kind: 'drive#file',
      name: 'readme.txt',
      mimeType: 'text/plain',
      parents: [docs?.id],
      size: '5',
      md5Checksum: '5d41402abc4b2a76b9719d911017c592',
      sha1Checksum: 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d',
      sha256Checksum: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
      trashed: false,
      ownedByMe: true,
      fileExtension: 'txt',
    });
    expect(readme.id).toMatch(/^1[A-Za-z0-9_-]{32}$/);
    expect(readme.modifiedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(typeof readme.version).toBe('string');
  });

  it('gives the default fields when none are asked for and refuses unknown ones', async () => {
    h = await startGoogle();
    h.emu.google.seed(h.email, { '/a.txt': 'a' });
    const listed = await h.drive.files.list({}, h.call);
    expect(Object.keys(listed.data).sort()).toEqual(['files', 'incompleteSearch', 'kind']);
    expect(Object.keys(listed.data.files?.[0] ?? {}).sort()).toEqual([
      'id',
      'kind',
      'mimeType',
      'name',
    ]);
    const bad = await h.apiJson('/drive/v3/files?fields=files(id,colour)');
    expect(bad.status).toBe(400);
    expect(reasonOf(bad.body)).toMatchObject({ reason: 'invalidParameter', location: 'fields' });
    const nested = await h.apiJson(
      '/drive/v3/files/root?fields=owners(emailAddress),capabilities/canEdit',
    );
    expect(nested.body).toEqual({
      owners: [{ emailAddress: h.email }],
      capabilities: { canEdit: true },
    });
  });

  it('keeps two files with one name in one folder apart by id', async () => {
    h = await startGoogle();
    const first = h.emu.google.addFile(h.email, { name: 'same.txt', content: 'one' });
    const second = h.emu.google.addFile(h.email, { name: 'same.txt', content: 'two' });
    expect(first.id).not.toBe(second.id);
    const found = await h.drive.files.list(
      { q: "name = 'same.txt' and 'root' in parents", fields: 'files(id,size)' },
      h.call,
    );
    expect(found.data.files?.map((f) => f.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('pages with nextPageToken, also when pages come back short', async () => {
    h = await startGoogle({ google: { shortPages: true } });
    for (let i = 0; i < 9; i++)
      h.emu.google.addFile(h.email, { name: `f${i}.txt`, content: String(i) });
    const seen: string[] = [];
    const sizes: number[] = [];
    let pageToken: string | undefined;
    do {
      const page = await h.drive.files.list(
        {
          pageSize: 4,
          orderBy: 'name',
          fields: 'nextPageToken,files(name)',
          ...(pageToken ? { pageToken } : {}),
        },
        h.call,
      );
      sizes.push(page.data.files?.length ?? 0);
      seen.push(...(page.data.files ?? []).map((f) => f.name as string));
      pageToken = page.data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(seen).toEqual(Array.from({ length: 9 }, (_, i) => `f${i}.txt`));
    expect(sizes).toEqual([4, 2, 3]);
    const stale = await h.apiJson(`/drive/v3/files?pageToken=not-a-token`);
    expect(reasonOf(stale.body)).toMatchObject({ reason: 'invalid', location: 'pageToken' });
  });

  it('evaluates the query language: contains, comparisons, not, or, parentheses', async () => {
    let now = Date.parse('2024-05-01T10:00:00.000Z');
    h = await startGoogle({ now: () => now });
    h.emu.google.addFile(h.email, { name: 'HelloWorld.txt', content: 'x' });
    now += 60_000;
    h.emu.google.addFile(h.email, {
      name: 'quarterly report.pdf',
      content: 'y',
      mimeType: 'application/pdf',
    });
    now += 60_000;
    h.emu.google.addFile(h.email, { name: 'Photos', folder: true });
    const names = async (q: string) => {
      const res = await h.drive.files.list({ q, orderBy: 'name', fields: 'files(name)' }, h.call);
      expect(res.status, JSON.stringify(res.data)).toBe(200);
      return (res.data.files ?? []).map((f) => f.name);
    };
    expect(await names("name contains 'Hello'")).toEqual(['HelloWorld.txt']);
    expect(await names("name contains 'World'")).toEqual([]);
    expect(await names("name contains 'report'")).toEqual(['quarterly report.pdf']);
    expect(await names(`mimeType = '${FOLDER}'`)).toEqual(['Photos']);
    expect(
      await names(`not mimeType = '${FOLDER}' and modifiedTime > '2024-05-01T10:00:30'`),
    ).toEqual(['quarterly report.pdf']);
    expect(await names("(name = 'Photos' or mimeType contains 'pdf') and trashed = false")).toEqual(
      ['Photos', 'quarterly report.pdf'],
    );
    expect(await names("modifiedTime <= '2024-05-01T10:00:00Z'")).toEqual(['HelloWorld.txt']);
    expect(await names("'me' in owners and starred = false")).toHaveLength(3);
    for (const bad of ["name = 'x", 'name === 1', 'name contains', "size > '3'", "(name = 'a'"]) {
      const res = await h.apiJson(`/drive/v3/files?q=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(reasonOf(res.body), bad).toMatchObject({ reason: 'invalid', location: 'q' });
    }
  });

  it('creates folders, renames, and moves with addParents/removeParents', async () => {
    h = await startGoogle();
    const a = await h.drive.files.create(
      { requestBody: { name: 'A', mimeType: FOLDER }, fields: 'id,parents' },
      h.call,
    );
    const b = await h.drive.files.create(
      {
        requestBody: { name: 'B', mimeType: FOLDER, parents: [a.data.id as string] },
        fields: 'id',
      },
      h.call,
    );
    const file = h.emu.google.addFile(h.email, { name: 'f.txt', content: 'x' });
    expect(a.data.parents).toEqual([h.rootId]);
    const moved = await h.drive.files.update(
      {
        fileId: file.id,
        addParents: b.data.id as string,
        removeParents: h.rootId,
        requestBody: { name: 'g.txt' },
        fields: 'name,parents,version',
      },
      h.call,
    );
    expect(moved.data).toMatchObject({ name: 'g.txt', parents: [b.data.id] });
    expect(Number(moved.data.version)).toBeGreaterThan(file.version);
    const twoParents = await h.drive.files.update(
      { fileId: file.id, addParents: h.rootId },
      h.call,
    );
    expect(twoParents.status).toBe(403);
    expect(reasonOf(twoParents.data as never)).toMatchObject({ reason: 'cannotAddParent' });
    const viaBody = await h.api(
      `/drive/v3/files/${file.id}`,
      json('PATCH', { parents: [h.rootId] }),
    );
    expect(viaBody.status).toBe(403);
    expect(reasonOf((await viaBody.json()) as Json)).toMatchObject({ reason: 'fieldNotWritable' });
    const cycle = await h.drive.files.update(
      { fileId: a.data.id as string, addParents: b.data.id as string, removeParents: h.rootId },
      h.call,
    );
    expect(cycle.status).toBe(400);
    const intoFile = await h.drive.files.create(
      { requestBody: { name: 'x', parents: [file.id] } },
      h.call,
    );
    expect(intoFile.status).toBe(400);
  });

  it('copies files, refuses folders, trashes and deletes for good', async () => {
    h = await startGoogle();
    h.emu.google.seed(h.email, { '/dir/inner.txt': 'inner', '/keep.txt': 'keep' });
    const keep = h.emu.google.stat(h.email, '/keep.txt');
    const dir = h.emu.google.stat(h.email, '/dir');
    const copy = await h.drive.files.copy(
      { fileId: keep?.id as string, fields: 'id,name,md5Checksum,parents' },
      h.call,
    );
    expect(copy.data).toMatchObject({
      name: 'Copy of keep.txt',
      md5Checksum: keep?.md5,
      parents: [h.rootId],
    });
    const folderCopy = await h.drive.files.copy({ fileId: dir?.id as string }, h.call);
    expect(folderCopy.status).toBe(403);
    expect(reasonOf(folderCopy.data as never).reason).toBe('cannotCopyFile');

    const trashed = await h.drive.files.update(
      {
        fileId: dir?.id as string,
        requestBody: { trashed: true },
        fields: 'trashed,explicitlyTrashed',
      },
      h.call,
    );
    expect(trashed.data).toEqual({ trashed: true, explicitlyTrashed: true });
    const inner = await h.drive.files.list(
      { q: "name = 'inner.txt'", fields: 'files(trashed,explicitlyTrashed)' },
      h.call,
    );
    expect(inner.data.files).toEqual([{ trashed: true, explicitlyTrashed: false }]);
    const live = await h.drive.files.list({ q: 'trashed = false', fields: 'files(name)' }, h.call);
    expect(live.data.files?.map((f) => f.name).sort()).toEqual(['Copy of keep.txt', 'keep.txt']);

    const deleted = await h.drive.files.delete({ fileId: keep?.id as string }, h.call);
    expect(deleted.status).toBe(204);
    const gone = await h.drive.files.get({ fileId: keep?.id as string }, h.call);
    expect(gone.status).toBe(404);
    expect(reasonOf(gone.data as never)).toMatchObject({ reason: 'notFound', location: 'fileId' });
    expect((gone.data as never as { error: { message: string } }).error.message).toBe(
      `File not found: ${keep?.id}.`,
    );

    const emptied = await h.drive.files.emptyTrash({}, h.call);
    expect(emptied.status).toBe(204);
    expect(h.emu.google.fileById(dir?.id as string)).toBeUndefined();
  });

  it('asks for a bearer token and refuses expired ones with authError', async () => {
    h = await startGoogle();
    const missing = await h.apiJson('/drive/v3/files', { headers: { authorization: '' } });
    expect(missing.status).toBe(401);
    expect(reasonOf(missing.body)).toMatchObject({ reason: 'required', location: 'Authorization' });
    h.emu.google.expireTokens(h.email);
    const expired = await h.apiJson('/drive/v3/files');
    expect(expired.status).toBe(401);
    expect(reasonOf(expired.body)).toMatchObject({ reason: 'authError', domain: 'global' });
    expect(expired.body.error.status).toBe('UNAUTHENTICATED');
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
  });
});
