import { applyLayers, Drive, defaultLayers, PolydriveError } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createDropboxProvider, type DropboxProviderOptions } from '../src/index.js';
import { EMAIL, emulatorUrls, startDropboxEmulator } from './support/emulator.js';

let emulator: EmulatorHandle;

afterEach(async () => {
  await emulator?.stop();
});

async function setUp(options: Partial<DropboxProviderOptions> = {}): Promise<Drive> {
  emulator = await startDropboxEmulator();
  const provider = createDropboxProvider({
    accessToken: emulator.dropbox.mintToken(EMAIL).accessToken,
    ...emulatorUrls(emulator),
    ...options,
  });
  return new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 5 } })));
}

/** Another client of the same account. */
function elsewhere() {
  return createDropboxProvider({
    accessToken: emulator.dropbox.mintToken(EMAIL).accessToken,
    ...emulatorUrls(emulator),
  });
}

/** The routes called since the last call. */
function routesSince(): string[] {
  const routes = emulator.faults.requests().map((r) => r.path);
  emulator.faults.clearRequests();
  return routes;
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PolydriveError);
  return (err as PolydriveError).code;
}

describe('small writes', () => {
  it('are one files/upload each when alone, the parent looked up once', async () => {
    const drive = await setUp();
    emulator.dropbox.seed(EMAIL, { '/Seeded': null });
    routesSince();
    await drive.write('/Seeded/a.txt', 'a');
    await drive.write('/Seeded/b.txt', 'b');
    expect(routesSince()).toEqual(['/2/files/get_metadata', '/2/files/upload', '/2/files/upload']);
    expect(emulator.dropbox.stat(EMAIL, '/Seeded/b.txt')?.size).toBe(1);
  });

  it('commit in full batches when a pool of writers keeps writing', async () => {
    // A long window: under load a session start may take longer than the default 10 ms, and
    // this is about which commits the batcher puts together, not about when it gives up waiting.
    const drive = await setUp({ batchWindowMs: 60_000 });
    emulator.dropbox.seed(EMAIL, { '/Pool': null });
    await drive.stat('/Pool');
    routesSince();
    let next = 0;
    const writer = async () => {
      while (next < 32) {
        const n = next++;
        await drive.write(`/Pool/f${n}.txt`, `${n}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    const routes = routesSince();
    // Writers resumed by one batch's answer all join the next: none goes alone meanwhile, which
    // would leave the others a batch behind (batches of 7 and 1 ever after).
    expect(
      routes.filter((route) => route === '/2/files/upload_session/finish_batch_v2'),
    ).toHaveLength(4);
    expect(routes).not.toContain('/2/files/upload');
    expect(emulator.dropbox.readFile(EMAIL, '/Pool/f31.txt')?.toString()).toBe('31');
  });

  it('keep the conflict policy when they commit in a batch', async () => {
    const drive = await setUp();
    const names = Array.from({ length: 8 }, (_, i) => `/c/x${i}.txt`);
    emulator.dropbox.seed(EMAIL, Object.fromEntries(names.map((name) => [name, 'old'])));
    const codes = await Promise.all(
      names.map((name) => codeOf(drive.write(name, 'new', { conflict: 'fail' }))),
    );
    expect(codes).toEqual(names.map(() => 'AlreadyExists'));
    expect(routesSince()).toContain('/2/files/upload_session/finish_batch_v2');
    expect(emulator.dropbox.readFile(EMAIL, '/c/x7.txt')?.toString()).toBe('old');
  });
});

describe('folders found to exist', () => {
  it('are looked up once by writes that need them at the same time', async () => {
    const drive = await setUp();
    emulator.dropbox.seed(EMAIL, { '/Seeded': null });
    routesSince();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => drive.write(`/Seeded/f${i}.txt`, `${i}`)),
    );
    expect(routesSince().filter((route) => route === '/2/files/get_metadata')).toHaveLength(1);
  });

  it('are looked up again by a write whose shared look-up was cancelled by another', async () => {
    let lookups = 0;
    let firstArrived!: () => void;
    const arrived = new Promise<void>((resolve) => {
      firstArrived = resolve;
    });
    // The first look-up hangs until its caller gives up.
    const gated: typeof fetch = async (input, init) => {
      if (String(input).includes('/2/files/get_metadata') && lookups++ === 0) {
        firstArrived();
        await new Promise((_, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        });
      }
      return fetch(input, init);
    };
    const drive = await setUp({ fetch: gated });
    emulator.dropbox.seed(EMAIL, { '/Seeded': null });
    const controller = new AbortController();
    const cancelled = drive.write('/Seeded/a.txt', 'a', { signal: controller.signal });
    await arrived;
    const kept = drive.write('/Seeded/b.txt', 'b');
    controller.abort();
    expect(await codeOf(cancelled)).toBe('Cancelled');
    expect((await kept).size).toBe(1);
    expect(lookups).toBe(2);
    expect(emulator.dropbox.stat(EMAIL, '/Seeded/a.txt')).toBeUndefined();
  });

  it('are forgotten when this drive deletes or moves them', async () => {
    const drive = await setUp();
    await drive.mkdir('/gone');
    await drive.write('/gone/a.txt', 'a');
    await drive.delete('/gone', { recursive: true });
    expect(await codeOf(drive.write('/gone/b.txt', 'b'))).toBe('NotFound');
    await drive.mkdir('/moved');
    await drive.write('/moved/a.txt', 'a');
    await drive.move('/moved', '/there');
    expect(await codeOf(drive.write('/moved/b.txt', 'b'))).toBe('NotFound');
  });

  it('are trusted for folderCacheTtlMs, so one deleted elsewhere meanwhile is made again', async () => {
    const trusting = await setUp();
    await trusting.mkdir('/shared');
    await elsewhere().delete({ path: '/shared' });
    // The documented trade-off: Dropbox makes the missing parent on its own.
    await trusting.write('/shared/x.txt', 'x');
    expect(emulator.dropbox.stat(EMAIL, '/shared')).toBeDefined();
    await emulator.stop();
    const checking = await setUp({ folderCacheTtlMs: 0 });
    await checking.mkdir('/shared');
    await elsewhere().delete({ path: '/shared' });
    expect(await codeOf(checking.write('/shared/x.txt', 'x'))).toBe('NotFound');
  });
});
