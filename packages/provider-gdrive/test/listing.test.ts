import { type FileEntry, MemoryTokenStore, type PolydriveError } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createGoogleDriveProvider } from '../src/index.js';
import {
  EMAIL,
  emulatorAuth,
  emulatorEndpoints,
  signIn,
  startGoogleEmulator,
} from './support/emulator.js';

let emulator: EmulatorHandle;

afterEach(async () => {
  await emulator?.stop();
});

/** The query of each files.list request since the last call. */
function listQueries(): URLSearchParams[] {
  const records = emulator.faults.requests();
  emulator.faults.clearRequests();
  return records
    .filter((r) => r.method === 'GET' && r.path.startsWith('/drive/v3/files?'))
    .map((r) => new URL(r.path, 'http://x').searchParams);
}

describe('listing through files.list', () => {
  it('pages through a folder with the query, order, fields and page size it asks for', async () => {
    emulator = await startGoogleEmulator();
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const provider = createGoogleDriveProvider({ accessToken, ...emulatorEndpoints(emulator) });
    emulator.google.addFile(EMAIL, { name: 'sub', folder: true });
    for (const name of ['c.txt', "it's a.txt", 'b.txt']) {
      emulator.google.addFile(EMAIL, { name, content: name });
    }
    emulator.faults.clearRequests();
    const first = await provider.listPage({ path: '/' }, { pageSize: 2, raw: true });
    const second = await provider.listPage(
      { path: '/' },
      { cursor: first.cursor, pageSize: 2, raw: true },
    );
    expect(second.cursor).toBeUndefined();
    const entries = [...first.entries, ...second.entries];
    expect(entries.map((e) => `${e.kind} ${e.name}`)).toEqual([
      'folder sub',
      'file b.txt',
      'file c.txt',
      "file it's a.txt",
    ]);
    const file = entries[1] as FileEntry;
    expect(file).toMatchObject({ size: 5, mimeType: expect.any(String), etag: expect.any(String) });
    expect(file.hashes.md5).toMatch(/^[0-9a-f]{32}$/);
    expect(file.createdAt).toBeInstanceOf(Date);
    const raw = file.raw as { createdTime: string; modifiedTime: string };
    expect([file.createdAt?.toISOString(), file.modifiedAt?.toISOString()]).toEqual([
      raw.createdTime,
      raw.modifiedTime,
    ]);
    expect(file.hashes.md5).toBe(emulator.google.stat(EMAIL, '/b.txt')?.md5);
    const [one, two] = listQueries();
    expect(one && Object.fromEntries(one)).toMatchObject({
      q: "'root' in parents and trashed = false",
      orderBy: 'folder,name',
      pageSize: '2',
      supportsAllDrives: 'true',
    });
    expect(one?.get('fields')).toMatch(/^nextPageToken,files\(id,name,.*\)$/);
    expect(one?.has('pageToken')).toBe(false);
    expect(two?.get('pageToken')).toEqual(expect.any(String));
    expect(await provider.stat({ path: "/it's a.txt" })).toMatchObject({ name: "it's a.txt" });
  });

  it("asks for Drive's largest page when the caller names no size", async () => {
    emulator = await startGoogleEmulator();
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const provider = createGoogleDriveProvider({ accessToken, ...emulatorEndpoints(emulator) });
    for (let i = 0; i < 150; i++)
      emulator.google.addFile(EMAIL, { name: `f${i}.txt`, content: '' });
    emulator.faults.clearRequests();
    const page = await provider.listPage({ path: '/' });
    expect(page.entries).toHaveLength(150);
    expect(page.cursor).toBeUndefined();
    expect(listQueries().map((query) => query.get('pageSize'))).toEqual(['1000']);
  });

  it('scopes the listing to the selected shared drive', async () => {
    emulator = await startGoogleEmulator();
    const team = emulator.google.addSharedDrive('Team', { [EMAIL]: 'organizer' });
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const provider = createGoogleDriveProvider({
      accessToken,
      driveId: team.id,
      ...emulatorEndpoints(emulator),
    });
    emulator.google.addFile(EMAIL, { name: 'mine.txt', content: 'my drive' });
    emulator.google.addFile(EMAIL, { name: 'team.txt', content: 'team' }, { driveId: team.id });
    emulator.faults.clearRequests();
    const page = await provider.listPage({ path: '/' });
    expect(page.entries.map((e) => e.name)).toEqual(['team.txt']);
    expect(Object.fromEntries(listQueries()[0] ?? [])).toMatchObject({
      corpora: 'drive',
      driveId: team.id,
      includeItemsFromAllDrives: 'true',
      supportsAllDrives: 'true',
    });
  });

  it('maps failed listings as every other call, without the token', async () => {
    emulator = await startGoogleEmulator();
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const provider = createGoogleDriveProvider({ accessToken, ...emulatorEndpoints(emulator) });
    const emu = emulator;
    const errorOf = async (inject: () => void): Promise<PolydriveError> => {
      inject();
      const err = await provider.listPage({ path: '/' }).then(
        () => undefined,
        (e: unknown) => e as PolydriveError,
      );
      if (!err) throw new Error('the listing did not fail');
      expect(err.message).not.toContain(accessToken);
      expect(err).toMatchObject({ provider: 'gdrive', operation: 'listPage', target: '/' });
      return err;
    };
    const user = await errorOf(() => emu.google.injectError({ reason: 'userRateLimitExceeded' }));
    expect([user.code, user.retryable, user.httpStatus, user.providerCode]).toEqual([
      'RateLimited',
      true,
      403,
      'userRateLimitExceeded',
    ]);
    const rate = await errorOf(() =>
      emu.google.injectError({ reason: 'rateLimitExceeded', status: 429, retryAfter: 7 }),
    );
    expect([rate.code, rate.retryAfterMs]).toEqual(['RateLimited', 7000]);
    const unavailable = await errorOf(() =>
      emu.faults.inject({ kind: 'status', status: 503, host: 'www.googleapis.com' }),
    );
    expect([unavailable.code, unavailable.retryable]).toEqual(['Transient', true]);
    const expired = await errorOf(() =>
      emu.faults.inject({ kind: 'expiredToken', host: 'www.googleapis.com' }),
    );
    expect(expired.code).toBe('Unauthenticated');
    for (const phase of ['request', 'response'] as const) {
      const dropped = await errorOf(() =>
        emu.faults.inject({ kind: 'drop', phase, host: 'www.googleapis.com' }),
      );
      expect([phase, dropped.code, dropped.retryable]).toEqual([phase, 'Transient', true]);
    }
  });

  it('refreshes an expired token once and lists with the new one', async () => {
    emulator = await startGoogleEmulator();
    const auth = await signIn(emulatorAuth(emulator, { tokenStore: new MemoryTokenStore() }));
    const provider = createGoogleDriveProvider({ auth, ...emulatorEndpoints(emulator) });
    emulator.google.addFile(EMAIL, { name: 'a.txt', content: 'a' });
    emulator.google.expireTokens();
    emulator.faults.clearRequests();
    const page = await provider.listPage({ path: '/' });
    expect(page.entries.map((e) => e.name)).toEqual(['a.txt']);
    const statuses = emulator.faults
      .requests()
      .filter((r) => r.path.startsWith('/drive/v3/files?') || r.path === '/token')
      .map((r) => `${r.path.split('?')[0]} ${r.status}`);
    expect(statuses).toEqual(['/drive/v3/files 401', '/token 200', '/drive/v3/files 200']);
  });
});
