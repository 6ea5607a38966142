import type { files } from 'dropbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DropboxHarness, startDropbox } from './support/dropbox-harness.js';

let h: DropboxHarness;
beforeEach(async () => {
  h = await startDropbox();
  h.emu.dropbox.seed(h.email, {
    '/Photos/b.jpg': 'b',
    '/Photos/a.jpg': 'a',
    '/Photos/Trips/rome.jpg': 'r',
    '/notes.txt': 'n',
    '/Empty': null,
  });
});
afterEach(async () => {
  await h.emu.stop();
});

type Entry =
  | files.FileMetadataReference
  | files.FolderMetadataReference
  | files.DeletedMetadataReference;

/** Follows has_more to the end; returns every entry and the final cursor. */
async function listAll(
  first: files.ListFolderResult,
): Promise<{ entries: Entry[]; cursor: string }> {
  const entries: Entry[] = [...first.entries];
  let page = first;
  while (page.has_more) {
    page = (await h.sdk.filesListFolderContinue({ cursor: page.cursor })).result;
    entries.push(...page.entries);
  }
  return { entries, cursor: page.cursor };
}

describe('files/list_folder', () => {
  it('lists one level, or the whole tree with recursive (folders before their children)', async () => {
    const shallow = await h.sdk.filesListFolder({ path: '' });
    expect(shallow.result.entries.map((e) => e.path_display)).toEqual([
      '/Empty',
      '/notes.txt',
      '/Photos',
    ]);
    expect(shallow.result.has_more).toBe(false);
    const deep = await h.sdk.filesListFolder({ path: '/photos', recursive: true });
    expect(deep.result.entries.map((e) => e.path_display)).toEqual([
      '/Photos',
      '/Photos/a.jpg',
      '/Photos/b.jpg',
      '/Photos/Trips',
      '/Photos/Trips/rome.jpg',
    ]);
    expect(deep.result.entries[1]).toMatchObject({ '.tag': 'file', size: 1 });
  });

  it('pages with limit and has_more, continued with the cursor', async () => {
    const first = await h.sdk.filesListFolder({ path: '', recursive: true, limit: 2 });
    expect(first.result.entries).toHaveLength(2);
    expect(first.result.has_more).toBe(true);
    const { entries } = await listAll(first.result);
    expect(entries.map((e) => e.path_lower)).toEqual([
      '/empty',
      '/notes.txt',
      '/photos',
      '/photos/a.jpg',
      '/photos/b.jpg',
      '/photos/trips',
      '/photos/trips/rome.jpg',
    ]);
  });

  it('answers a missing folder with path/not_found and a file with path/not_folder', async () => {
    const missing = await h.rpc('files/list_folder', { path: '/nope' });
    expect(missing.json.error_summary).toMatch(/^path\/not_found\//);
    const file = await h.rpc('files/list_folder', { path: '/notes.txt' });
    expect(file.json.error_summary).toMatch(/^path\/not_folder\//);
    const limit = await h.rpc('files/list_folder', { path: '', limit: 0 });
    expect(limit.status).toBe(400);
  });
});

describe('cursors as change feeds', () => {
  it('the final cursor reports later changes, deleted entries tagged deleted', async () => {
    const { cursor } = await listAll(
      (await h.sdk.filesListFolder({ path: '', recursive: true })).result,
    );
    const nothing = await h.sdk.filesListFolderContinue({ cursor });
    expect(nothing.result.entries).toEqual([]);
    await h.sdk.filesUpload({ path: '/new.txt', contents: 'new' });
    await h.sdk.filesDeleteV2({ path: '/Photos/a.jpg' });
    await h.sdk.filesMoveV2({ from_path: '/notes.txt', to_path: '/Empty/notes.txt' });
    const changes = await h.sdk.filesListFolderContinue({ cursor: nothing.result.cursor });
    const summary = changes.result.entries.map((e) => `${e['.tag']} ${e.path_display}`);
    expect(summary).toEqual([
      'file /new.txt',
      'deleted /Photos/a.jpg',
      'deleted /notes.txt',
      'file /Empty/notes.txt',
    ]);
    const after = await h.sdk.filesListFolderContinue({ cursor: changes.result.cursor });
    expect(after.result.entries).toEqual([]);
  });

  it('a non-recursive cursor sees only its own folder', async () => {
    const listed = await h.sdk.filesListFolder({ path: '/Photos' });
    await h.sdk.filesUpload({ path: '/Photos/Trips/paris.jpg', contents: 'p' });
    await h.sdk.filesUpload({ path: '/Photos/c.jpg', contents: 'c' });
    const changes = await h.sdk.filesListFolderContinue({ cursor: listed.result.cursor });
    expect(changes.result.entries.map((e) => e.path_display)).toEqual(['/Photos/c.jpg']);
  });

  it('pages changes by the listing limit', async () => {
    const latest = await h.sdk.filesListFolderGetLatestCursor({
      path: '',
      recursive: true,
      limit: 2,
    });
    for (const n of [1, 2, 3, 4, 5]) await h.sdk.filesUpload({ path: `/c${n}.txt`, contents: 'x' });
    const first = await h.sdk.filesListFolderContinue({ cursor: latest.result.cursor });
    expect(first.result.entries).toHaveLength(2);
    expect(first.result.has_more).toBe(true);
    const { entries } = await listAll(first.result);
    expect(entries.map((e) => e.name)).toEqual(['c1.txt', 'c2.txt', 'c3.txt', 'c4.txt', 'c5.txt']);
  });

  it('get_latest_cursor lists nothing and reports what comes after', async () => {
    const latest = await h.sdk.filesListFolderGetLatestCursor({ path: '', recursive: true });
    await h.sdk.filesCreateFolderV2({ path: '/Later' });
    const changes = await h.sdk.filesListFolderContinue({ cursor: latest.result.cursor });
    expect(changes.result.entries.map((e) => `${e['.tag']} ${e.name}`)).toEqual(['folder Later']);
  });

  it('include_deleted lists what used to exist', async () => {
    await h.sdk.filesDeleteV2({ path: '/notes.txt' });
    const listed = await h.sdk.filesListFolder({ path: '', include_deleted: true });
    expect(listed.result.entries.find((e) => e.name === 'notes.txt')?.['.tag']).toBe('deleted');
  });

  it('answers reset/.. once cursors are invalidated, and 400 for a forged cursor', async () => {
    const latest = await h.sdk.filesListFolderGetLatestCursor({ path: '' });
    h.emu.dropbox.resetCursors(h.email);
    const reset = await h.rpc('files/list_folder/continue', { cursor: latest.result.cursor });
    expect(reset.status).toBe(409);
    expect(reset.json.error_summary).toMatch(/^reset\//);
    const forged = await h.rpc('files/list_folder/continue', { cursor: 'abc.def' });
    expect(forged.status).toBe(400);
  });
});

describe('files/search_v2', () => {
  it('finds names containing every word, beneath a path, paged with continue_v2', async () => {
    const all = await h.sdk.filesSearchV2({ query: 'JPG' });
    expect(
      all.result.matches.map((m) => (m.metadata as { metadata: Entry }).metadata.name),
    ).toEqual(['a.jpg', 'b.jpg', 'rome.jpg']);
    const scoped = await h.sdk.filesSearchV2({
      query: 'rome jpg',
      options: { path: '/Photos/Trips', max_results: 5 },
    });
    expect(scoped.result.matches).toHaveLength(1);
    const first = await h.sdk.filesSearchV2({ query: 'jpg', options: { max_results: 2 } });
    expect(first.result.has_more).toBe(true);
    const rest = await h.sdk.filesSearchContinueV2({ cursor: first.result.cursor as string });
    expect(rest.result.matches).toHaveLength(1);
    expect(rest.result.has_more).toBe(false);
    const missing = await h.rpc('files/search_v2', { query: 'x', options: { path: '/nope' } });
    expect(missing.json.error_summary).toMatch(/^path\/not_found\//);
  });
});
