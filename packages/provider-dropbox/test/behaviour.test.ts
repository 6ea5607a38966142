import { applyLayers, Drive, defaultLayers, PolydriveError } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDropboxProvider, ROOT_ID } from '../src/index.js';
import { EMAIL, emulatorUrls, signIn, startDropboxEmulator } from './support/emulator.js';

let emulator: EmulatorHandle;
let drive: Drive;

async function start(dropbox: Parameters<typeof startDropboxEmulator>[0] = {}) {
  emulator = await startDropboxEmulator(dropbox);
  emulator.dropbox.addAccount({ email: 'grace@example.com', displayName: 'Grace Hopper' });
  const provider = createDropboxProvider(await signIn(emulator, { jobPollInitialMs: 5 }));
  drive = new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 10 } })));
}

beforeEach(async () => {
  await start();
});
afterEach(async () => {
  await drive.close();
  await emulator.stop();
});

async function errorOf(promise: Promise<unknown>): Promise<PolydriveError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(PolydriveError);
    return err as PolydriveError;
  }
  throw new Error('it did not fail');
}

describe('the change feed', () => {
  it('reports a move as one upsert, and deletions by the id they had', async () => {
    const file = await drive.write('/a/f.txt', 'f', { createParents: true });
    const gone = await drive.write('/a/gone.txt', 'g');
    const { cursor } = await drive.changes();
    await drive.move('/a/f.txt', '/b.txt');
    await drive.delete('/a/gone.txt');
    const page = await drive.changes(cursor);
    expect(page.hasMore).toBe(false);
    expect(page.changes).toEqual([
      { type: 'upsert', entry: expect.objectContaining({ id: file.id, path: '/b.txt' }) },
      { type: 'delete', id: gone.id, path: '/a/gone.txt' },
    ]);
    expect((await drive.changes(page.cursor)).changes).toEqual([]);
  });

  it('names a deletion it never saw by its lower-case path', async () => {
    emulator.dropbox.seed(EMAIL, { '/Seeded.txt': 's' });
    const { cursor } = await drive.changes();
    const elsewhere = createDropboxProvider({
      accessToken: emulator.dropbox.mintToken(EMAIL).accessToken,
      ...emulatorUrls(emulator),
    });
    await elsewhere.delete({ path: '/Seeded.txt' });
    const page = await drive.changes(cursor);
    expect(page.changes).toEqual([{ type: 'delete', id: '/seeded.txt', path: '/Seeded.txt' }]);
  });

  it('an invalidated cursor is InvalidArgument with advice to resync', async () => {
    const { cursor } = await drive.changes();
    emulator.dropbox.resetCursors(EMAIL);
    const err = await errorOf(drive.changes(cursor));
    expect(err.code).toBe('InvalidArgument');
    expect(err.providerCode).toBe('reset');
    expect(err.message).toMatch(/List again from scratch/);
  });
});

describe('the root and paths', () => {
  it('gives the root an id that works wherever a folder id does', async () => {
    const root = await drive.stat('/');
    expect(root).toMatchObject({ kind: 'folder', id: ROOT_ID, isRoot: true });
    await drive.write({ parent: { id: root.id }, name: 'top.txt' }, 'top');
    const names: string[] = [];
    for await (const entry of drive.list({ id: root.id })) names.push(entry.name);
    expect(names).toEqual(['top.txt']);
  });

  it('matches names without regard to case and keeps them as written', async () => {
    await drive.write('/Docs/Report.TXT', 'x', { createParents: true });
    const entry = await drive.provider.stat({ path: '/docs/report.txt' });
    expect(entry.name).toBe('Report.TXT');
    expect(entry.path).toBe('/Docs/Report.TXT');
  });
});

describe('writes', () => {
  it('honours ifMatch on delete and move', async () => {
    const first = await drive.write('/m.txt', 'v1');
    await drive.write('/m.txt', 'v2');
    expect((await errorOf(drive.delete('/m.txt', { ifMatch: first.etag as string }))).code).toBe(
      'PreconditionFailed',
    );
    expect(
      (await errorOf(drive.move('/m.txt', '/n.txt', { ifMatch: first.etag as string }))).code,
    ).toBe('PreconditionFailed');
    const current = await drive.stat('/m.txt');
    await drive.move('/m.txt', '/n.txt', { ifMatch: current.etag as string });
    await drive.delete('/n.txt', { ifMatch: current.etag as string });
    expect(await drive.exists('/n.txt')).toBe(false);
  });

  it('sets client_modified from modifiedAt', async () => {
    const when = new Date('2020-02-03T04:05:06Z');
    const entry = await drive.write('/dated.txt', 'd', { modifiedAt: when });
    expect(entry.modifiedAt?.toISOString()).toBe(when.toISOString());
  });

  it('copies onto an existing name with replace', async () => {
    await drive.write('/a.txt', 'a');
    await drive.write('/b.txt', 'b');
    await drive.copy('/a.txt', '/b.txt', { conflict: 'replace' });
    expect(await drive.readText('/b.txt')).toBe('a');
    expect(await drive.readText('/a.txt')).toBe('a');
  });

  it('turns a full Dropbox into QuotaExceeded', async () => {
    emulator.dropbox.addAccount({ email: 'small@example.com', quotaBytes: 10 });
    const small = new Drive(
      createDropboxProvider({
        accessToken: emulator.dropbox.mintToken('small@example.com').accessToken,
        ...emulatorUrls(emulator),
      }),
    );
    const err = await errorOf(small.write('/too-big.txt', 'more than ten bytes'));
    expect([err.code, err.retryable]).toEqual(['QuotaExceeded', false]);
  });
});

describe('permissions', () => {
  it('shares a folder when a person is added, and removes them through the async job', async () => {
    await drive.write('/Team/plan.txt', 'plan', { createParents: true });
    const before = await drive.permissions('/Team');
    expect(before.map((p) => [p.email, p.role])).toEqual([[EMAIL, 'owner']]);
    const granted = await drive.share('/Team', {
      type: 'user',
      role: 'writer',
      email: 'grace@example.com',
    });
    expect(granted).toMatchObject({ type: 'user', role: 'writer', email: 'grace@example.com' });
    expect(granted.id).toMatch(/^dbid:/);
    expect(emulator.dropbox.stat(EMAIL, '/Team')?.sharedFolderId).toBeTruthy();
    const inherited = await drive.permissions('/Team/plan.txt');
    expect(inherited.find((p) => p.email === 'grace@example.com')?.inherited).toBe(true);
    await drive.unshare('/Team', granted.id);
    expect((await drive.permissions('/Team')).map((p) => p.email)).toEqual([EMAIL]);
    expect((await errorOf(drive.unshare('/Team', granted.id))).code).toBe('NotFound');
  });

  it('waits for share_folder when Dropbox answers with an async job', async () => {
    await drive.close();
    await emulator.stop();
    await start({ asyncJobPolls: 2 });
    await drive.mkdir('/Later');
    const granted = await drive.share('/Later', {
      type: 'user',
      role: 'reader',
      email: 'x@example.org',
    });
    expect(granted).toMatchObject({ id: 'x@example.org', role: 'reader', inherited: false });
    const checks = emulator.faults
      .requests()
      .filter((r) => r.path === '/2/sharing/check_share_job_status');
    expect(checks).toHaveLength(3);
  });

  it("grants 'anyone' as a public link, listed with the permissions and removed by its URL", async () => {
    await drive.write('/pub.txt', 'public');
    const granted = await drive.share('/pub.txt', { type: 'anyone', role: 'reader' });
    expect(granted.type).toBe('anyone');
    expect(granted.link?.scope).toBe('anyone');
    expect(await (await fetch(granted.link?.url as string)).text()).toBe('public');
    expect((await drive.permissions('/pub.txt')).map((p) => p.id)).toContain(granted.id);
    await drive.unshare('/pub.txt', granted.id);
    expect((await drive.permissions('/pub.txt')).map((p) => p.id)).not.toContain(granted.id);
  });

  it('refuses domains and groups with Unsupported', async () => {
    await drive.write('/d.txt', 'd');
    const domain = await errorOf(
      drive.share('/d.txt', { type: 'domain', role: 'reader', domain: 'example.com' }),
    );
    expect(domain.code).toBe('Unsupported');
    expect(domain.message).toMatch(/organization/);
  });
});

describe('share links', () => {
  it('returns the existing link when the same one is asked for again', async () => {
    await drive.write('/l.txt', 'l');
    const first = await drive.createShareLink('/l.txt', { role: 'reader', scope: 'anyone' });
    const again = await drive.createShareLink('/l.txt', { role: 'reader', scope: 'anyone' });
    expect(again.id).toBe(first.id);
    const team = await drive.createShareLink('/l.txt', { role: 'writer', scope: 'organization' });
    expect([team.role, team.scope]).toEqual(['writer', 'organization']);
    expect((await drive.shareLinks('/l.txt')).map((l) => l.id).sort()).toEqual(
      [first.id, team.id].sort(),
    );
  });
});

describe('reads and passthrough', () => {
  it('reads an empty range past the end as no bytes', async () => {
    await drive.write('/r.bin', 'ten bytes!');
    expect(await drive.readBytes('/r.bin', { range: { offset: 10 } })).toEqual(new Uint8Array(0));
    expect((await errorOf(drive.readBytes({ id: ROOT_ID }))).code).toBe('NotAFile');
  });

  it('sends raw requests to the API and content hosts only', async () => {
    await drive.write('/p.txt', 'raw');
    const account = await drive.passthrough({
      method: 'POST',
      path: '/2/users/get_current_account',
    });
    expect(((await account.json()) as { email: string }).email).toBe(EMAIL);
    const content = await drive.passthrough({
      method: 'POST',
      path: 'https://content.dropboxapi.com/2/files/download',
      headers: { 'dropbox-api-arg': JSON.stringify({ path: '/p.txt' }) },
    });
    expect(await content.text()).toBe('raw');
    const elsewhere = await errorOf(
      drive.passthrough({ method: 'GET', path: 'https://example.com/steal' }),
    );
    expect(elsewhere.code).toBe('InvalidArgument');
  });
});
