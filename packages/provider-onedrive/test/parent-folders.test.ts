import { isPolydriveError } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createOneDriveProvider, type OneDriveProvider } from '../src/index.js';
import { EMAIL, startOneDriveEmulator } from './support/emulator.js';

let emulator: EmulatorHandle | undefined;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const bytes = (s: string) => new TextEncoder().encode(s);

/** Two clients of one drive: `od` under test, and `other` standing for another app or the web. */
async function setUp(
  folderCacheTtlMs?: number,
): Promise<{ emu: EmulatorHandle; od: OneDriveProvider; other: OneDriveProvider }> {
  // Personal OneDrive: an upload by path creates missing folders.
  emulator = await startOneDriveEmulator({ autoCreateParents: true });
  const { accessToken } = emulator.microsoft.mintToken(EMAIL);
  const options = { accessToken, graphBaseUrl: emulator.urls.graph };
  return {
    emu: emulator,
    od: createOneDriveProvider({
      ...options,
      ...(folderCacheTtlMs !== undefined ? { folderCacheTtlMs } : {}),
    }),
    other: createOneDriveProvider(options),
  };
}

function write(od: OneDriveProvider, parent: string, name: string, text = name) {
  return od.writeSmall({ parent: { path: parent }, name }, bytes(text), { conflict: 'replace' });
}

/** The requests `run` makes, as `METHOD path` without the query. */
async function requestsOf(emu: EmulatorHandle, run: () => Promise<unknown>): Promise<string[]> {
  emu.faults.clearRequests();
  await run();
  return emu.faults.requests().map((r) => `${r.method} ${r.path.split('?')[0]}`);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isPolydriveError(err)) return err.code;
    throw err;
  }
  return 'no error';
}

describe('writes under a folder', () => {
  it('look the parent up once, then write with one request each, by parent id', async () => {
    const { emu, od } = await setUp();
    emu.microsoft.seed(EMAIL, { '/docs': null });
    const docsId = emu.microsoft.stat(EMAIL, '/docs')?.id as string;
    expect(await requestsOf(emu, () => write(od, '/docs', 'a.txt'))).toEqual([
      'GET /v1.0/me/drive/root:/docs:',
      `PUT /v1.0/me/drive/items/${docsId}:/a.txt:/content`,
    ]);
    expect(await requestsOf(emu, () => write(od, '/docs', 'b.txt'))).toEqual([
      `PUT /v1.0/me/drive/items/${docsId}:/b.txt:/content`,
    ]);
    expect(emu.microsoft.readFile(EMAIL, '/docs/b.txt')?.toString()).toBe('b.txt');
  });

  it('need no look-up in a folder this provider made', async () => {
    const { emu, od } = await setUp();
    const made = await od.createFolder({ path: '/' }, 'new', { conflict: 'fail' });
    expect(await requestsOf(emu, () => write(od, '/new', 'a.txt'))).toEqual([
      `PUT /v1.0/me/drive/items/${made.id}:/a.txt:/content`,
    ]);
  });

  it('look the parent up before every write when the cache is off', async () => {
    const { emu, od } = await setUp(0);
    emu.microsoft.seed(EMAIL, { '/docs': null });
    for (const name of ['a.txt', 'b.txt']) {
      const sent = await requestsOf(emu, () => write(od, '/docs', name));
      expect(sent.map((r) => r.split(' ')[0])).toEqual(['GET', 'PUT']);
    }
  });

  it('fail with NotFound when another client deleted the parent, and create no folder', async () => {
    const { emu, od, other } = await setUp();
    emu.microsoft.seed(EMAIL, { '/docs': null });
    await write(od, '/docs', 'a.txt');
    await other.delete({ path: '/docs' });
    expect(await codeOf(write(od, '/docs', 'b.txt'))).toBe('NotFound');
    expect(
      await codeOf(
        od.createUploadSession(
          { parent: { path: '/docs' }, name: 'big.bin' },
          { conflict: 'fail', size: 1, chunkSize: 327_680 },
        ),
      ),
    ).toBe('NotFound');
    expect(emu.microsoft.stat(EMAIL, '/docs')).toBeUndefined();
  });

  it('write into a folder another client deleted and made again, once it is looked up anew', async () => {
    const { emu, od, other } = await setUp();
    emu.microsoft.seed(EMAIL, { '/docs': null });
    await write(od, '/docs', 'a.txt');
    await other.delete({ path: '/docs' });
    await other.createFolder({ path: '/' }, 'docs', { conflict: 'fail' });
    await write(od, '/docs', 'b.txt');
    expect(emu.microsoft.readFile(EMAIL, '/docs/b.txt')?.toString()).toBe('b.txt');
  });

  it('fail with NotAFolder when another client put a file where the parent was', async () => {
    const { emu, od, other } = await setUp();
    emu.microsoft.seed(EMAIL, { '/docs': null });
    await write(od, '/docs', 'a.txt');
    await other.delete({ path: '/docs' });
    await write(other, '/', 'docs');
    expect(await codeOf(write(od, '/docs', 'b.txt'))).toBe('NotAFolder');
  });

  it('forget a folder this provider moved, and everything below it', async () => {
    const { emu, od } = await setUp();
    emu.microsoft.seed(EMAIL, { '/a/sub': null });
    await write(od, '/a', 'x.txt');
    await write(od, '/a/sub', 'y.txt');
    await od.move({ path: '/A' }, { parent: { path: '/' }, name: 'b' }, { conflict: 'fail' });
    expect(await codeOf(write(od, '/a', 'late.txt'))).toBe('NotFound');
    expect(await codeOf(write(od, '/a/sub', 'late.txt'))).toBe('NotFound');
    expect(emu.microsoft.stat(EMAIL, '/b/late.txt')).toBeUndefined();
    expect(emu.microsoft.stat(EMAIL, '/b/sub/late.txt')).toBeUndefined();
    await write(od, '/b/sub', 'z.txt');
    expect(emu.microsoft.readFile(EMAIL, '/b/sub/z.txt')?.toString()).toBe('z.txt');
  });

  it('forget a folder this provider deleted, by path or by id, without a failed write', async () => {
    const { emu, od } = await setUp();
    emu.microsoft.seed(EMAIL, { '/p': null, '/i': null });
    const byId = await od.stat({ path: '/i' });
    await write(od, '/p', 'a.txt');
    await write(od, '/i', 'a.txt');
    await od.delete({ path: '/p' });
    await od.delete({ id: byId.id });
    for (const parent of ['/p', '/i']) {
      let code = '';
      const sent = await requestsOf(emu, async () => {
        code = await codeOf(write(od, parent, 'b.txt'));
      });
      expect(code).toBe('NotFound');
      expect(sent).toEqual([`GET /v1.0/me/drive/root:${parent}:`]);
    }
  });

  it('forget every folder after a raw request that may change one', async () => {
    const { emu, od, other } = await setUp();
    emu.microsoft.seed(EMAIL, { '/a': null });
    await write(od, '/a', 'x.txt');
    const renamed = await od.passthrough({
      method: 'PATCH',
      path: '/me/drive/root:/a:',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'b' }),
    });
    expect(renamed.status).toBe(200);
    await renamed.body?.cancel();
    await other.createFolder({ path: '/' }, 'a', { conflict: 'fail' });
    await write(od, '/a', 'y.txt');
    expect(emu.microsoft.readFile(EMAIL, '/a/y.txt')?.toString()).toBe('y.txt');
    expect(emu.microsoft.stat(EMAIL, '/b/y.txt')).toBeUndefined();
  });
});
