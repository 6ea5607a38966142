import { afterEach, describe, expect, it } from 'vitest';
import { type GoogleHarness, type Json, json, startGoogle } from './support/google.js';

let h: GoogleHarness;

afterEach(async () => {
  await h?.emu.stop();
});

async function createFolder(name: string, parent = 'root'): Promise<string> {
  const folder = await h.apiJson(
    '/drive/v3/files?fields=id',
    json('POST', { name, mimeType: 'application/vnd.google-apps.folder', parents: [parent] }),
  );
  expect(folder.status).toBe(200);
  return folder.body.id;
}

async function upload(name: string, parent: string, content: string): Promise<string> {
  const boundary = 'test-boundary';
  const body = `--${boundary}\r\ncontent-type: application/json\r\n\r\n${JSON.stringify({ name, parents: [parent] })}\r\n--${boundary}\r\ncontent-type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  const created = await h.apiJson('/upload/drive/v3/files?uploadType=multipart&fields=id', {
    method: 'POST',
    headers: { 'content-type': `multipart/related; boundary=${boundary}` },
    body,
  });
  expect(created.status).toBe(200);
  return created.body.id;
}

/** Every page of a listing, following nextPageToken. */
async function listAll(params: Record<string, string>): Promise<Json[]> {
  const files: Json[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ ...params, ...(token ? { pageToken: token } : {}) });
    const page = await h.apiJson(`/drive/v3/files?${query}`);
    expect(page.status).toBe(200);
    files.push(...page.body.files);
    token = page.body.nextPageToken;
  } while (token !== undefined);
  return files;
}

async function usage(): Promise<{ usage: string; usageInDriveTrash: string }> {
  const about = await h.apiJson('/drive/v3/about?fields=storageQuota');
  return about.body.storageQuota;
}

describe('listing order and quota', () => {
  it('lists a folder in creation order, also a file moved into it later', async () => {
    h = await startGoogle();
    const first = await createFolder('first');
    const second = await createFolder('second');
    const a = await upload('a.txt', first, 'a');
    const b = await upload('b.txt', second, 'b');
    const c = await upload('c.txt', first, 'c');
    const moved = await h.api(
      `/drive/v3/files/${b}?addParents=${first}&removeParents=${second}`,
      json('PATCH', {}),
    );
    expect(moved.status).toBe(200);
    const listed = await listAll({ q: `'${first}' in parents`, pageSize: '1', fields: '*' });
    expect(listed.map((file) => file.id)).toEqual([a, b, c]);
  });

  it('sorts by orderBy with ties in creation order, and sees changes between listings', async () => {
    h = await startGoogle();
    const folder = await createFolder('sorted');
    const ids = [];
    for (const name of ['b', 'a', 'B', 'c']) ids.push(await upload(name, folder, name));
    const byName = () =>
      listAll({
        q: `'${folder}' in parents and trashed = false`,
        orderBy: 'name desc',
        pageSize: '2',
        fields: 'nextPageToken,files(id,name)',
      });
    expect((await byName()).map((file) => file.name)).toEqual(['c', 'b', 'B', 'a']);
    const renamed = await h.api(`/drive/v3/files/${ids[3]}`, json('PATCH', { name: '0' }));
    expect(renamed.status).toBe(200);
    await h.api(`/drive/v3/files/${ids[1]}`, json('PATCH', { trashed: true }));
    expect((await byName()).map((file) => file.name)).toEqual(['b', 'B', '0']);
  });

  it('renders only the fields asked for, and every field for *', async () => {
    h = await startGoogle();
    const id = await upload('notes.txt', h.rootId, 'hello');
    const few = await h.apiJson(
      `/drive/v3/files?q=${encodeURIComponent(`'root' in parents`)}&fields=files(md5Checksum,id)`,
    );
    expect(few.body.files).toEqual([{ md5Checksum: '5d41402abc4b2a76b9719d911017c592', id }]);
    const all = await h.apiJson(`/drive/v3/files/${id}?fields=*`);
    expect(Object.keys(all.body)).toEqual(
      expect.arrayContaining(['kind', 'capabilities', 'permissions', 'owners', 'sha256Checksum']),
    );
    expect(all.body.size).toBe('5');
  });

  it('keeps storage usage up to date through uploads, replacement, trash and deletion', async () => {
    h = await startGoogle();
    expect(await usage()).toMatchObject({ usage: '0', usageInDriveTrash: '0' });
    const folder = await createFolder('kept');
    const one = await upload('one.txt', folder, '12345');
    await upload('two.txt', h.rootId, '123');
    expect(await usage()).toMatchObject({ usage: '8', usageInDriveTrash: '0' });
    const replaced = await h.api(`/upload/drive/v3/files/${one}?uploadType=media`, {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain' },
      body: '1234567890',
    });
    expect(replaced.status).toBe(200);
    expect(await usage()).toMatchObject({ usage: '13', usageInDriveTrash: '0' });
    await h.api(`/drive/v3/files/${folder}`, json('PATCH', { trashed: true }));
    expect(await usage()).toMatchObject({ usage: '13', usageInDriveTrash: '10' });
    await h.api(`/drive/v3/files/${folder}`, json('PATCH', { trashed: false }));
    expect(await usage()).toMatchObject({ usage: '13', usageInDriveTrash: '0' });
    const deleted = await h.api(`/drive/v3/files/${folder}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await usage()).toMatchObject({ usage: '3', usageInDriveTrash: '0' });
  });
});
