import { DropboxResponseError } from 'dropbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DropboxHarness, headerJson, startDropbox } from './support/dropbox-harness.js';

let h: DropboxHarness;
beforeEach(async () => {
  h = await startDropbox({ dropbox: { maxRequestBytes: 64 * 1024 } });
});
afterEach(async () => {
  await h.emu.stop();
});

/** The error an SDK call rejected with. */
async function sdkError(
  call: Promise<unknown>,
): Promise<DropboxResponseError<{ error_summary: string; error: unknown }>> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(DropboxResponseError);
    return error as DropboxResponseError<{ error_summary: string; error: unknown }>;
  }
  throw new Error('the call succeeded');
}

describe('paths and ids', () => {
  it('matches paths case-insensitively and keeps the case they were written with', async () => {
    const uploaded = await h.sdk.filesUpload({ path: '/Docs/Report.TXT', contents: 'abc' });
    expect(uploaded.result.path_display).toBe('/Docs/Report.TXT');
    const found = await h.sdk.filesGetMetadata({ path: '/docs/report.txt' });
    expect(found.result).toMatchObject({
      '.tag': 'file',
      name: 'Report.TXT',
      path_lower: '/docs/report.txt',
      path_display: '/Docs/Report.TXT',
      id: uploaded.result.id,
    });
  });

  it('addresses items by id: wherever PathOrId is allowed', async () => {
    const folder = await h.sdk.filesCreateFolderV2({ path: '/Box' });
    const file = await h.sdk.filesUpload({ path: '/Box/a.txt', contents: 'by id' });
    const listed = await h.sdk.filesListFolder({ path: folder.result.metadata.id });
    expect(listed.result.entries.map((e) => e.name)).toEqual(['a.txt']);
    const download = (await h.sdk.filesDownload({ path: file.result.id })).result as unknown as {
      fileBinary: Buffer;
    };
    expect(download.fileBinary.toString()).toBe('by id');
    const moved = await h.sdk.filesMoveV2({ from_path: file.result.id, to_path: '/b.txt' });
    expect((moved.result.metadata as { id: string }).id).toBe(file.result.id);
    expect((await h.sdk.filesGetMetadata({ path: file.result.id })).result.path_display).toBe(
      '/b.txt',
    );
  });

  it('names the root "" and refuses it where Dropbox does', async () => {
    await h.sdk.filesUpload({ path: '/top.txt', contents: 'x' });
    const root = await h.sdk.filesListFolder({ path: '' });
    expect(root.result.entries.map((e) => e.path_display)).toEqual(['/top.txt']);
    const answer = await h.rpc('files/get_metadata', { path: '' });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(answer.text).toMatch(/^Error in call to API function "files\/get_metadata"/);
  });

  it('reads ns:<root namespace> paths', async () => {
    await h.sdk.filesUpload({ path: '/ns.txt', contents: 'x' });
    const ns = h.emu.dropbox.accounts()[0]?.rootNamespaceId;
    const found = await h.rpc('files/get_metadata', { path: `ns:${ns}/ns.txt` });
    expect(found.json.path_display).toBe('/ns.txt');
  });

  it('refuses malformed paths: a 400 for no pattern, malformed_path for bad segments', async () => {
    const noSlash = await h.rpc('files/get_metadata', { path: 'relative.txt' });
    expect(noSlash.status).toBe(400);
    expect(noSlash.text).toContain('did not match pattern');
    const doubled = await sdkError(h.sdk.filesGetMetadata({ path: '/a//b' }));
    expect(doubled.status).toBe(409);
    expect(doubled.error.error_summary.startsWith('path/malformed_path/')).toBe(true);
    const reserved = await sdkError(h.sdk.filesUpload({ path: '/desktop.ini', contents: 'x' }));
    expect(reserved.error.error_summary.startsWith('path/disallowed_name/')).toBe(true);
    expect(reserved.error.error).toEqual({
      '.tag': 'path',
      reason: { '.tag': 'disallowed_name' },
      upload_session_id: '',
    });
  });
});

describe('errors as Dropbox sends them', () => {
  it('answers a missing item with 409, a prefix-matchable summary and a nested error', async () => {
    const summaries = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const error = await sdkError(h.sdk.filesGetMetadata({ path: '/missing.txt' }));
      expect(error.status).toBe(409);
      expect(error.error.error).toEqual({ '.tag': 'path', path: { '.tag': 'not_found' } });
      expect(error.error.error_summary).toMatch(/^path\/not_found\/\.{1,3}$/);
      summaries.add(error.error.error_summary);
      expect(error.headers.get('x-dropbox-request-id')).toBeTruthy();
    }
    expect(summaries.size).toBeGreaterThan(1);
  });

  it('answers bad input with 400 plain text, and a bad token with 401 JSON', async () => {
    const badJson = await fetch(`${h.emu.urls.dropboxApi}/2/files/list_folder`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.text()).toBe(
      'Error in call to API function "files/list_folder": request body: could not decode input as JSON',
    );
    const wrongType = await h.rpc('files/list_folder', { path: 5 });
    expect(wrongType.text).toContain('path: expected string, got number');
    const noAuth = await fetch(`${h.emu.urls.dropboxApi}/2/users/get_current_account`, {
      method: 'POST',
    });
    expect(noAuth.status).toBe(400);
    const unknown = await h.rpc('users/get_current_account', null, 'not-a-token');
    expect(unknown.status).toBe(401);
    expect(unknown.json.error['.tag']).toBe('invalid_access_token');
    h.emu.dropbox.expireTokens();
    const expired = await h.rpc('users/get_current_account', null);
    expect(expired.status).toBe(401);
    expect(expired.json.error_summary).toMatch(/^expired_access_token\//);
  });

  it('refuses a route on the wrong host, and unknown routes', async () => {
    const onApi = await fetch(`${h.emu.urls.dropboxApi}/2/files/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'dropbox-api-arg': '{"path":"/x"}' },
    });
    expect(onApi.status).toBe(400);
    expect(await onApi.text()).toContain('content.dropboxapi.com');
    expect((await h.rpc('files/teleport', {})).status).toBe(404);
  });
});

describe('headers: Dropbox-API-Arg and Dropbox-API-Result', () => {
  const name = 'Grüße 世界 🚀.txt';

  it('reads \\uXXXX-escaped and raw UTF-8 arguments alike', async () => {
    const escaped = await h.content(
      'files/upload',
      { path: `/${name}`, mode: 'add' },
      Buffer.from('one'),
    );
    expect(escaped.status).toBe(200);
    expect(escaped.json.name).toBe(name);
    const raw = await h.content('files/upload', { path: '/raw-ä.txt' }, Buffer.from('two'), {
      'dropbox-api-arg': Buffer.from(JSON.stringify({ path: '/raw-ä.txt' })).toString('latin1'),
    });
    expect(raw.json.path_display).toBe('/raw-ä.txt');
  });

  it('escapes Dropbox-API-Result to ASCII on downloads', async () => {
    await h.sdk.filesUpload({ path: `/${name}`, contents: 'bytes' });
    const response = await fetch(`${h.emu.urls.dropboxContent}/2/files/download`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.token}`,
        'dropbox-api-arg': headerJson({ path: `/${name}` }),
      },
    });
    const header = response.headers.get('dropbox-api-result') as string;
    expect([...header].every((char) => char.charCodeAt(0) < 0x7f)).toBe(true);
    expect(header).toContain('\\ud83d\\ude80');
    expect(JSON.parse(header).name).toBe(name);
    expect(await response.text()).toBe('bytes');
  });

  it('refuses an argument that is not JSON with 400', async () => {
    const answer = await h.content('files/upload', {}, Buffer.from('x'), {
      'dropbox-api-arg': '{broken',
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('could not decode input as JSON');
  });
});

describe('files/download', () => {
  it('honours one Range: 206 with Content-Range, 416 past the end or reversed', async () => {
    await h.sdk.filesUpload({ path: '/r.bin', contents: Buffer.from('0123456789') });
    const ranged = await h.content('files/download', { path: '/r.bin' }, undefined, {
      range: 'bytes=2-5',
    });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(ranged.text).toBe('2345');
    const tail = await h.content('files/download', { path: '/r.bin' }, undefined, {
      range: 'bytes=-3',
    });
    expect(tail.text).toBe('789');
    const past = await h.content('files/download', { path: '/r.bin' }, undefined, {
      range: 'bytes=10-',
    });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */10');
    const reversed = await h.content('files/download', { path: '/r.bin' }, undefined, {
      range: 'bytes=5-2',
    });
    expect(reversed.status).toBe(416);
  });

  it('answers a folder with path/not_file', async () => {
    await h.sdk.filesCreateFolderV2({ path: '/d' });
    const error = await sdkError(h.sdk.filesDownload({ path: '/d' }));
    expect(error.error.error_summary).toMatch(/^path\/not_file\//);
  });
});

describe('files/upload', () => {
  it('puts content_hash on every file', async () => {
    const data = Buffer.from('hello');
    const uploaded = await h.sdk.filesUpload({ path: '/h.txt', contents: data });
    expect(uploaded.result.content_hash).toBe(
      '9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50',
    );
    const empty = await h.sdk.filesUpload({ path: '/empty.txt', contents: Buffer.alloc(0) });
    expect(empty.result.content_hash).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('add: conflicts with different content, not with identical content unless strict', async () => {
    const first = await h.sdk.filesUpload({ path: '/a.txt', contents: 'one' });
    const same = await h.sdk.filesUpload({ path: '/a.txt', contents: 'one' });
    expect(same.result.rev).toBe(first.result.rev);
    const strict = await sdkError(
      h.sdk.filesUpload({ path: '/a.txt', contents: 'one', strict_conflict: true }),
    );
    expect(strict.error.error_summary).toMatch(/^path\/conflict\/file\//);
    const different = await sdkError(h.sdk.filesUpload({ path: '/a.txt', contents: 'two' }));
    expect(different.error.error_summary).toMatch(/^path\/conflict\/file\//);
    const renamed = await h.sdk.filesUpload({ path: '/a.txt', contents: 'two', autorename: true });
    expect(renamed.result.name).toBe('a (1).txt');
    const again = await h.sdk.filesUpload({ path: '/A.txt', contents: 'three', autorename: true });
    expect(again.result.name).toBe('A (2).txt');
  });

  it('overwrite replaces; update replaces only at the given rev', async () => {
    const first = await h.sdk.filesUpload({ path: '/u.txt', contents: 'v1' });
    const second = await h.sdk.filesUpload({
      path: '/u.txt',
      contents: 'v2',
      mode: { '.tag': 'overwrite' },
    });
    expect(second.result.rev).not.toBe(first.result.rev);
    const stale = await sdkError(
      h.sdk.filesUpload({
        path: '/u.txt',
        contents: 'v3',
        mode: { '.tag': 'update', update: first.result.rev },
      }),
    );
    expect(stale.error.error_summary).toMatch(/^path\/conflict\/file\//);
    const copy = await h.sdk.filesUpload({
      path: '/u.txt',
      contents: 'v3',
      mode: { '.tag': 'update', update: first.result.rev },
      autorename: true,
    });
    expect(copy.result.name).toBe('u (conflicted copy).txt');
    const current = await h.sdk.filesUpload({
      path: '/u.txt',
      contents: 'v4',
      mode: { '.tag': 'update', update: second.result.rev },
    });
    expect(h.emu.dropbox.readFile(h.email, '/u.txt')?.toString()).toBe('v4');
    expect(current.result.rev).not.toBe(second.result.rev);
  });

  it('refuses a body over the request limit with payload_too_large, and a file over a folder', async () => {
    const big = await sdkError(
      h.sdk.filesUpload({ path: '/big.bin', contents: Buffer.alloc(64 * 1024 + 1) }),
    );
    expect(big.status).toBe(409);
    expect(big.error.error_summary).toMatch(/^payload_too_large\//);
    await h.sdk.filesCreateFolderV2({ path: '/taken' });
    const onFolder = await sdkError(h.sdk.filesUpload({ path: '/taken', contents: 'x' }));
    expect(onFolder.error.error_summary).toMatch(/^path\/conflict\/folder\//);
    const underFile = await sdkError(
      h.sdk
        .filesUpload({ path: '/taken2', contents: 'x' })
        .then(() => h.sdk.filesUpload({ path: '/taken2/inner.txt', contents: 'y' })),
    );
    expect(underFile.error.error_summary).toMatch(/^path\/conflict\/file_ancestor\//);
  });

  it('checks a given content_hash', async () => {
    const error = await sdkError(
      h.sdk.filesUpload({ path: '/c.txt', contents: 'hello', content_hash: '0'.repeat(64) }),
    );
    expect(error.error.error_summary).toMatch(/^content_hash_mismatch\//);
  });
});

describe('folders, move, copy, delete', () => {
  it('creates folders with their parents; a taken name conflicts unless autorename', async () => {
    const deep = await h.sdk.filesCreateFolderV2({ path: '/a/b/c' });
    expect(deep.result.metadata.path_display).toBe('/a/b/c');
    const again = await sdkError(h.sdk.filesCreateFolderV2({ path: '/A/B/C' }));
    expect(again.error.error_summary).toMatch(/^path\/conflict\/folder\//);
    const renamed = await h.sdk.filesCreateFolderV2({ path: '/a/b/c', autorename: true });
    expect(renamed.result.metadata.name).toBe('c (1)');
  });

  it('moves and copies, refusing conflicts and a folder into itself', async () => {
    await h.sdk.filesUpload({ path: '/src/x.txt', contents: 'x' });
    await h.sdk.filesUpload({ path: '/other.txt', contents: 'o' });
    const copied = await h.sdk.filesCopyV2({ from_path: '/src', to_path: '/copy' });
    expect(copied.result.metadata.path_display).toBe('/copy');
    expect(h.emu.dropbox.readFile(h.email, '/copy/x.txt')?.toString()).toBe('x');
    const conflict = await sdkError(
      h.sdk.filesMoveV2({ from_path: '/other.txt', to_path: '/src/x.txt' }),
    );
    expect(conflict.error.error_summary).toMatch(/^to\/conflict\/file\//);
    const loop = await sdkError(
      h.sdk.filesMoveV2({ from_path: '/src', to_path: '/src/deeper/src' }),
    );
    expect(loop.error.error_summary).toMatch(/^cant_move_folder_into_itself\//);
    const missing = await sdkError(h.sdk.filesMoveV2({ from_path: '/ghost', to_path: '/g2' }));
    expect(missing.error.error_summary).toMatch(/^from_lookup\/not_found\//);
    const caseOnly = await sdkError(
      h.sdk.filesMoveV2({ from_path: '/other.txt', to_path: '/OTHER.txt' }),
    );
    expect(caseOnly.error.error_summary).toMatch(/^to\/conflict\/file\//);
  });

  it('deletes with the metadata at deletion time; parent_rev must match', async () => {
    const file = await h.sdk.filesUpload({ path: '/d.txt', contents: 'd' });
    const stale = await sdkError(h.sdk.filesDeleteV2({ path: '/d.txt', parent_rev: '0123456789' }));
    expect(stale.error.error_summary).toMatch(/^path_write\/conflict\/file\//);
    const deleted = await h.sdk.filesDeleteV2({ path: '/d.txt', parent_rev: file.result.rev });
    expect(deleted.result.metadata).toMatchObject({ '.tag': 'file', id: file.result.id });
    const again = await sdkError(h.sdk.filesDeleteV2({ path: '/d.txt' }));
    expect(again.error.error_summary).toMatch(/^path_lookup\/not_found\//);
    const tombstone = await h.sdk.filesGetMetadata({ path: '/d.txt', include_deleted: true });
    expect(tombstone.result['.tag']).toBe('deleted');
  });

  it('reports the account and its space usage', async () => {
    await h.sdk.filesUpload({ path: '/s.bin', contents: Buffer.alloc(1000) });
    const usage = await h.sdk.usersGetSpaceUsage();
    expect(usage.result.used).toBe(1000);
    expect(usage.result.allocation).toMatchObject({
      '.tag': 'individual',
      allocated: 2 * 1024 ** 3,
    });
    const me = await h.sdk.usersGetCurrentAccount();
    expect(me.result.email).toBe(h.email);
    expect(me.result.account_id).toMatch(/^dbid:/);
  });
});
