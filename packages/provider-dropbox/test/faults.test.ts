import { applyLayers, Drive, defaultLayers, type PolydriveError } from '@polydrive/core';
import type { EmulatorHandle, RequestRecord } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createDropboxProvider } from '../src/index.js';
import { digestsOf, generated } from './support/bytes.js';
import { EMAIL, emulatorUrls, signIn, startDropboxEmulator } from './support/emulator.js';

const MIB = 1024 * 1024;
const CHUNK = 8 * MIB;

let emulator: EmulatorHandle | undefined;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function setUp(dropbox: Parameters<typeof startDropboxEmulator>[0] = {}) {
  emulator = await startDropboxEmulator(dropbox);
  const provider = createDropboxProvider(await signIn(emulator, { chunkSize: CHUNK }));
  const drive = new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 20 } })));
  return { emulator, drive };
}

const appends = (records: RequestRecord[]) =>
  records.filter((r) => r.path.startsWith('/2/files/upload_session/append_v2'));

/** Every request that got a 429 was sent again no sooner than its Retry-After (1 s). */
function expectRetryAfterHonoured(records: RequestRecord[]): number {
  const throttled = records.filter((r) => r.status === 429);
  for (const hit of throttled) {
    const next = records.find(
      (r) => r.time >= hit.time && r !== hit && r.method === hit.method && r.path === hit.path,
    );
    expect(next, `retry of ${hit.method} ${hit.path}`).toBeDefined();
    expect((next as RequestRecord).time - hit.time).toBeGreaterThanOrEqual(1000);
  }
  return throttled.length;
}

describe('faults through the Drive facade with the default layers', () => {
  it('uploads 64 MiB byte-identical through a 429 storm, a dropped chunk and an expiring token', async () => {
    const { emulator: emu, drive } = await setUp();
    const size = 64 * MIB;
    const seed = 64;
    const tokenCalls = () =>
      emu.faults.requests().filter((r) => r.path.startsWith('/oauth2/token')).length;
    const tokensBefore = tokenCalls();
    emu.faults.inject({
      kind: 'status',
      status: 429,
      retryAfter: 1,
      host: 'content.dropboxapi.com',
      path: '/append_v2',
      times: 2,
    });
    const armed = new Set<string>();
    const entry = await drive.write('/big/64mib.bin', generated(size, seed), {
      size,
      createParents: true,
      onProgress: ({ bytes }) => {
        if (bytes >= 2 * CHUNK && !armed.has('drop')) {
          armed.add('drop');
          emu.faults.inject({ kind: 'drop', phase: 'request', path: '/append_v2' });
        }
        if (bytes >= 4 * CHUNK && !armed.has('token')) {
          armed.add('token');
          emu.dropbox.expireTokens();
        }
      },
    });
    const expected = await digestsOf(generated(size, seed));
    expect(entry.size).toBe(size);
    expect(entry.hashes.dropbox).toBe(expected.dropbox);
    expect(emu.dropbox.stat(EMAIL, '/big/64mib.bin')?.contentHash).toBe(expected.dropbox);

    const records = emu.faults.requests();
    expect(expectRetryAfterHonoured(records)).toBe(2);
    expect(appends(records).some((r) => r.fault === 'drop')).toBe(true);
    expect(armed).toEqual(new Set(['drop', 'token']));
    // The expired token was refused once, refreshed once, and the chunk went through.
    expect(records.filter((r) => r.status === 401)).toHaveLength(1);
    expect(tokenCalls()).toBe(tokensBefore + 1);

    const read = await digestsOf(await drive.read('/big/64mib.bin'));
    expect(read).toEqual(expected);
    expect(emu.dropbox.openUploadSessions()).toBe(0);
  }, 60_000);

  it('uploads 200 small files with concurrency 8 and no write-lock collision', async () => {
    // Each commit holds the namespace lock for 20 ms: overlapping commits would get 429.
    const { emulator: emu, drive } = await setUp({ writeLockMs: 20 });
    await drive.mkdir('/many');
    emu.faults.clearRequests();
    const files = Array.from({ length: 200 }, (_, i) => ({
      path: `/many/f${String(i).padStart(3, '0')}.txt`,
      text: `file number ${i}\n`.repeat(1 + (i % 7)),
    }));
    const queue = [...files];
    const worker = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        await drive.write(file.path, file.text, { conflict: 'fail' });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    const records = emu.faults.requests();
    const count = (path: string) => records.filter((r) => r.path === path).length;
    expect(records.filter((r) => r.status === 429)).toEqual([]);
    // Each file's bytes went once: in a direct files/upload or in a closed session's start.
    const direct = count('/2/files/upload');
    expect(direct + count('/2/files/upload_session/start')).toBe(200);
    // Under contention most commits shared a batch.
    const batches = count('/2/files/upload_session/finish_batch_v2');
    expect(batches).toBeGreaterThan(0);
    expect(direct + batches).toBeLessThan(100);
    // The parent, made through this drive, was not looked up again for each file.
    expect(count('/2/files/get_metadata')).toBe(0);
    for (const file of [files[0], files[99], files[199]]) {
      expect(await drive.readText(file?.path as string)).toBe(file?.text);
    }
    let listed = 0;
    for await (const _ of drive.list('/many')) listed++;
    expect(listed).toBe(200);
  }, 60_000);

  it('an expired upload session ends in a clear error and keeps the old file', async () => {
    const { emulator: emu, drive } = await setUp();
    await drive.write('/keep.bin', 'the old content');
    const size = 3 * CHUNK;
    let armed = false;
    const err = await drive
      .write('/keep.bin', generated(size, 7), {
        size,
        onProgress: () => {
          if (armed) return;
          armed = true;
          emu.faults.inject({ kind: 'sessionExpired', path: '/append_v2' });
        },
      })
      .then(
        () => undefined,
        (error: PolydriveError) => error,
      );
    expect(armed).toBe(true);
    expect(err?.code).toBe('NotFound');
    expect(err?.message).toMatch(/upload session has expired/);
    expect(err?.message).toMatch(/Start the upload again/);
    expect(await drive.readText('/keep.bin')).toBe('the old content');
  }, 30_000);

  it('never sends a throttled request again before its Retry-After', async () => {
    const { emulator: emu, drive } = await setUp();
    await drive.write('/t.txt', 'throttled');
    emu.faults.clearRequests();
    emu.faults.inject({ kind: 'status', status: 429, retryAfter: 1, path: '/get_metadata' });
    emu.faults.inject({ kind: 'status', status: 503, retryAfter: 1, path: '/get_metadata' });
    expect((await drive.stat('/t.txt')).name).toBe('t.txt');
    const records = emu.faults.requests();
    expect(records.map((r) => r.status)).toEqual([429, 503, 200]);
    const [first, second, third] = records as [RequestRecord, RequestRecord, RequestRecord];
    expect(second.time - first.time).toBeGreaterThanOrEqual(1000);
    expect(third.time - second.time).toBeGreaterThanOrEqual(1000);
  }, 30_000);

  it('waits out too_many_write_operations when plain commits collide', async () => {
    const { emulator: emu, drive } = await setUp({ writeLockMs: 30 });
    emu.faults.clearRequests();
    await Promise.all(['a', 'b', 'c', 'd'].map((name) => drive.mkdir(`/${name}`)));
    const records = emu.faults.requests();
    const refused = records.filter((r) => r.status === 429);
    const created = records.filter(
      (r) => r.path === '/2/files/create_folder_v2' && r.status === 200,
    );
    expect(refused.length).toBeGreaterThan(0);
    expect(created).toHaveLength(4);
    // The refused ones went again only after Retry-After (1 s).
    expect((created.at(-1)?.time ?? 0) - (refused[0]?.time ?? 0)).toBeGreaterThanOrEqual(1000);
    for (const name of ['a', 'b', 'c', 'd'])
      expect((await drive.stat(`/${name}`)).kind).toBe('folder');
  }, 30_000);

  it('maps Dropbox error answers to PolydriveErrors, without retrying inside the provider', async () => {
    emulator = await startDropboxEmulator();
    const { accessToken } = emulator.dropbox.mintToken(EMAIL);
    const provider = createDropboxProvider({ accessToken, ...emulatorUrls(emulator) });
    emulator.dropbox.seed(EMAIL, { '/a.txt': 'a' });
    const errorOf = async (inject: () => void) => {
      inject();
      try {
        await provider.stat({ path: '/a.txt' });
      } catch (err) {
        return err as PolydriveError;
      }
      throw new Error('the call did not fail');
    };
    const throttled = await errorOf(() =>
      emulator?.faults.inject({ kind: 'status', status: 429, retryAfter: 7 }),
    );
    expect([throttled.code, throttled.retryable, throttled.retryAfterMs]).toEqual([
      'RateLimited',
      true,
      7000,
    ]);
    expect(throttled.providerCode).toBe('too_many_requests');
    expect(throttled.requestId).toBeTruthy();
    const unavailable = await errorOf(() =>
      emulator?.faults.inject({ kind: 'status', status: 503, retryAfter: 2 }),
    );
    expect([unavailable.code, unavailable.retryable, unavailable.retryAfterMs]).toEqual([
      'Transient',
      true,
      2000,
    ]);
    const denied = await errorOf(() => emulator?.faults.inject({ kind: 'status', status: 403 }));
    expect(denied.code).toBe('PermissionDenied');
    const bad = await errorOf(() => emulator?.faults.inject({ kind: 'status', status: 400 }));
    expect([bad.code, bad.retryable]).toEqual(['InvalidArgument', false]);
    const dropped = await errorOf(() => emulator?.faults.inject({ kind: 'drop' }));
    expect([dropped.code, dropped.retryable]).toEqual(['Transient', true]);
    const expired = await errorOf(() => emulator?.dropbox.expireTokens());
    expect(expired.code).toBe('Unauthenticated');
    expect(
      emulator.faults.requests().filter((r) => r.path === '/2/files/get_metadata'),
    ).toHaveLength(6);
  });
});
