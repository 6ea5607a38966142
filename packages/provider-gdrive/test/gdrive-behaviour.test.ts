import { applyLayers, Drive, defaultLayers, PolydriveError } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createGoogleDriveProvider, type GoogleDriveProviderOptions } from '../src/index.js';
import { EMAIL, emulatorEndpoints, startGoogleEmulator } from './support/emulator.js';

let emulator: EmulatorHandle;

afterEach(async () => {
  await emulator?.stop();
});

async function setUp(options: Partial<GoogleDriveProviderOptions> = {}): Promise<Drive> {
  emulator = await startGoogleEmulator();
  const { accessToken } = emulator.google.mintToken(EMAIL);
  const provider = createGoogleDriveProvider({
    accessToken,
    ...emulatorEndpoints(emulator),
    ...options,
  });
  return new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 5 } })));
}

async function failure(promise: Promise<unknown>): Promise<PolydriveError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PolydriveError);
  return err as PolydriveError;
}

describe('paths on an id-based drive', () => {
  it('refuses a path that names two items, listing their ids; by id always works', async () => {
    const drive = await setUp();
    const first = emulator.google.addFile(EMAIL, { name: 'twin.txt', content: 'first' });
    const second = emulator.google.addFile(EMAIL, { name: 'twin.txt', content: 'second' });
    const err = await failure(drive.stat('/twin.txt'));
    expect(err.code).toBe('Conflict');
    expect(err.message).toContain(first.id);
    expect(err.message).toContain(second.id);
    expect(err.message).toMatch(/by id/);
    expect(await drive.readText({ id: second.id })).toBe('second');
    const listed = [];
    for await (const entry of drive.list('/')) listed.push(entry.id);
    expect(listed.sort()).toEqual([first.id, second.id].sort());
  });

  it('takes the oldest or newest of duplicates when told to', async () => {
    let drive = await setUp({ duplicates: 'oldest' });
    emulator.google.addFile(EMAIL, { name: 'twin.txt', content: 'first' });
    emulator.google.addFile(EMAIL, { name: 'twin.txt', content: 'second' });
    expect(await drive.readText('/twin.txt')).toBe('first');
    const { accessToken } = emulator.google.mintToken(EMAIL);
    drive = new Drive(
      createGoogleDriveProvider({
        accessToken,
        duplicates: 'newest',
        ...emulatorEndpoints(emulator),
      }),
    );
    expect(await drive.readText('/twin.txt')).toBe('second');
  });

  it('resolves a path again when a cached folder was replaced behind its back', async () => {
    const drive = await setUp();
    emulator.google.seed(EMAIL, { '/x/y.txt': 'old' });
    expect(await drive.readText('/x/y.txt')).toBe('old');
    const oldFolder = emulator.google.stat(EMAIL, '/x');
    // Another client deletes the folder and makes a new one with the same name.
    const { accessToken } = emulator.google.mintToken(EMAIL);
    await fetch(`${emulator.urls.googleApis}/drive/v3/files/${oldFolder?.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    emulator.google.seed(EMAIL, { '/x/y.txt': 'new' });
    expect(await drive.readText('/x/y.txt')).toBe('new');
  });
});

describe('Google-native documents', () => {
  it('lists them with export formats and reads them through an export', async () => {
    const drive = await setUp();
    emulator.google.seed(EMAIL, { '/Plan': { googleDoc: 'document', text: 'Plan text' } });
    const entry = await drive.stat('/Plan');
    expect(entry.kind).toBe('file');
    if (entry.kind !== 'file') return;
    expect(entry.size).toBe(0);
    expect(entry.hashes).toEqual({});
    expect(entry.mimeType).toBe('application/vnd.google-apps.document');
    expect(entry.exportFormats).toContain('application/pdf');
    const plain = await failure(drive.readText('/Plan'));
    expect(plain.code).toBe('Unsupported');
    expect(plain.message).toContain('application/pdf');
    const byId = await failure(drive.readText({ id: entry.id }));
    expect(byId.code).toBe('Unsupported');
    expect(await drive.readText('/Plan', { exportFormat: 'text/plain' })).toBe('Plan text');
    const pdf = await drive.readBytes({ id: entry.id }, { exportFormat: 'application/pdf' });
    expect(Buffer.from(pdf).subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    const wrong = await failure(drive.readText('/Plan', { exportFormat: 'image/png' }));
    expect(wrong.code).toBe('InvalidArgument');
  });

  it('refuses an export over the limit and an export of a binary file', async () => {
    emulator = await startGoogleEmulator({ exportSizeLimitBytes: 10 });
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const drive = new Drive(
      createGoogleDriveProvider({ accessToken, ...emulatorEndpoints(emulator) }),
    );
    emulator.google.seed(EMAIL, {
      '/Long': { googleDoc: 'document', text: 'far more than ten bytes' },
      '/b.txt': 'b',
    });
    const big = await failure(drive.readText('/Long', { exportFormat: 'text/plain' }));
    expect([big.code, big.providerCode]).toEqual(['Unsupported', 'exportSizeLimitExceeded']);
    const binary = await failure(drive.readText('/b.txt', { exportFormat: 'application/pdf' }));
    expect(binary.code).toBe('Unsupported');
  });
});

describe('delete, changes, sharing, passthrough', () => {
  it('trashes by default and deletes for good with permanent', async () => {
    const drive = await setUp();
    const kept = await drive.write('/trash-me.txt', 'x');
    const gone = await drive.write('/destroy-me.txt', 'y');
    await drive.delete('/trash-me.txt');
    await drive.delete('/destroy-me.txt', { permanent: true });
    expect(emulator.google.fileById(kept.id)?.trashed).toBe(true);
    expect(emulator.google.fileById(gone.id)).toBeUndefined();
    expect(await drive.exists('/trash-me.txt')).toBe(false);
  });

  it('feeds changes: writes as upserts, trash and deletion as deletes', async () => {
    const drive = await setUp();
    const start = await drive.changes();
    const a = await drive.write('/a.txt', 'a');
    const b = await drive.write('/b.txt', 'b');
    await drive.write('/a.txt', 'a2');
    await drive.delete('/b.txt');
    const seen: string[] = [];
    let cursor = start.cursor;
    for (;;) {
      const page = await drive.changes(cursor);
      for (const change of page.changes) {
        seen.push(change.type === 'upsert' ? `upsert ${change.entry.name}` : `delete ${change.id}`);
      }
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(['upsert a.txt', `delete ${b.id}`]);
    expect(a.id).toBeTruthy();
    const quiet = await drive.changes(cursor);
    expect(quiet.changes).toEqual([]);
    const bogus = await failure(drive.changes('bm90LWEtY3Vyc29y'));
    expect(bogus.code).toBe('InvalidArgument');
  });

  it('normalises permissions and makes anyone-with-link share links', async () => {
    const drive = await setUp();
    await drive.write('/s.txt', 'shared');
    const user = await drive.share('/s.txt', {
      type: 'user',
      role: 'writer',
      email: 'grace@example.com',
    });
    const group = await drive.share('/s.txt', {
      type: 'group',
      role: 'reader',
      email: 'team@example.com',
    });
    const domain = await drive.share('/s.txt', {
      type: 'domain',
      role: 'reader',
      domain: 'example.org',
    });
    expect([user.type, user.role, user.email]).toEqual(['user', 'writer', 'grace@example.com']);
    expect([group.type, domain.type, domain.domain]).toEqual(['group', 'domain', 'example.org']);
    const all = await drive.permissions('/s.txt');
    expect(all.find((p) => p.role === 'owner')?.email).toBe(EMAIL);
    expect(all.map((p) => p.id)).toEqual(expect.arrayContaining([user.id, group.id, domain.id]));

    const link = await drive.createShareLink('/s.txt', { role: 'reader', scope: 'anyone' });
    expect(link).toMatchObject({ id: 'anyoneWithLink', role: 'reader', scope: 'anyone' });
    expect(link.url).toMatch(/^https:\/\/drive\.google\.com\/file\/d\//);
    const org = await drive.createShareLink('/s.txt', { scope: 'organization' });
    expect(org.scope).toBe('organization');
    const links = await drive.shareLinks('/s.txt');
    expect(links.map((l) => l.id)).toEqual(expect.arrayContaining([link.id, org.id, domain.id]));
    expect((await drive.permissions('/s.txt')).find((p) => p.id === link.id)?.link?.url).toBe(
      link.url,
    );
    await drive.revokeShareLink('/s.txt', link.id);
    expect((await drive.shareLinks('/s.txt')).map((l) => l.id)).not.toContain(link.id);
    expect((await failure(drive.createShareLink('/s.txt', { scope: 'users' }))).code).toBe(
      'Unsupported',
    );
    expect((await failure(drive.createShareLink('/s.txt', { password: 'x' }))).code).toBe(
      'Unsupported',
    );
    expect((await failure(drive.share('/s.txt', { type: 'user', role: 'reader' }))).code).toBe(
      'InvalidArgument',
    );
  });

  it('sends authenticated raw requests to the Drive API only', async () => {
    const drive = await setUp();
    const res = await drive.passthrough({
      method: 'GET',
      path: '/about',
      query: { fields: 'user(emailAddress)' },
    });
    expect(await res.json()).toEqual({ user: { emailAddress: EMAIL } });
    const off = await failure(
      drive.passthrough({ method: 'GET', path: 'https://example.com/steal' }),
    );
    expect(off.code).toBe('InvalidArgument');
  });
});

describe('a shared drive selected by configuration', () => {
  it('writes, lists, reads and feeds changes inside the shared drive', async () => {
    emulator = await startGoogleEmulator();
    const team = emulator.google.addSharedDrive('Team', { [EMAIL]: 'organizer' });
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const drive = new Drive(
      createGoogleDriveProvider({ accessToken, driveId: team.id, ...emulatorEndpoints(emulator) }),
    );
    const start = await drive.changes();
    const written = await drive.write('/docs/plan.txt', 'in the team drive', {
      createParents: true,
    });
    expect(written.driveId).toBe(team.id);
    expect(
      emulator.google.readFile(EMAIL, '/docs/plan.txt', { driveId: team.id })?.toString(),
    ).toBe('in the team drive');
    expect(emulator.google.stat(EMAIL, '/docs/plan.txt')).toBeUndefined();
    const root = await drive.stat('/');
    expect(root).toMatchObject({ kind: 'folder', id: team.id, isRoot: true });
    const names = [];
    for await (const entry of drive.list('/', { recursive: true })) names.push(entry.path);
    expect(names).toEqual(['/docs', '/docs/plan.txt']);
    const page = await drive.changes(start.cursor);
    expect(page.changes.map((c) => (c.type === 'upsert' ? c.entry.name : c.id))).toContain(
      'plan.txt',
    );
    const about = await drive.about();
    expect(about).toMatchObject({ id: team.id, name: 'Team', driveType: 'shared' });
  });
});
