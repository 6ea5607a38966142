import { describeFaults } from '@polydrive/contract';
import type { EmulatorHandle, EmulatorOptions } from '@polydrive/emulator';
import { expect, it } from 'vitest';
import { createDropboxProvider } from '../src/index.js';
import { EMAIL, emulatorUrls, signIn, startDropboxEmulator } from './support/emulator.js';

const CHUNK = 8 * 1024 * 1024;

describeFaults(
  {
    name: 'dropbox',
    account: EMAIL,
    start: (dropbox?: EmulatorOptions['dropbox']) => startDropboxEmulator(dropbox),
    control: (emulator: EmulatorHandle) => emulator.dropbox,
    signedIn: async (emulator) =>
      createDropboxProvider(await signIn(emulator, { chunkSize: CHUNK })),
    withToken: (emulator, accessToken) =>
      createDropboxProvider({ accessToken, ...emulatorUrls(emulator) }),
    chunkSize: CHUNK,
    hashes: ['dropbox'],
    routes: {
      chunk: { host: 'content.dropboxapi.com', path: '/append_v2' },
      stat: { path: '/get_metadata' },
      token: { path: '/oauth2/token' },
    },
    chunksCarryToken: true,
    expiredSessionMayRestart: false,
    // The root is never fetched: stat a file (faults answer before it is looked up).
    probePath: '/a.txt',
    throttleReason: 'too_many_requests',
    requestIds: true,
    errorCases: {
      '400': { fault: { status: 400 }, expected: { code: 'InvalidArgument', retryable: false } },
      'an expired token': {
        fault: (emulator) => emulator.dropbox.expireTokens(),
        expected: { code: 'Unauthenticated' },
      },
    },
  },
  ({ setUp }) => {
    it('uploads 200 small files with concurrency 8 and no write-lock collision', async () => {
      // Each commit holds the namespace lock for 20 ms: overlapping commits would get 429.
      const { emulator, drive } = await setUp({ writeLockMs: 20 });
      await drive.mkdir('/many');
      emulator.faults.clearRequests();
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

      const records = emulator.faults.requests();
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

    it('waits out too_many_write_operations when plain commits collide', async () => {
      const { emulator, drive } = await setUp({ writeLockMs: 30 });
      emulator.faults.clearRequests();
      await Promise.all(['a', 'b', 'c', 'd'].map((name) => drive.mkdir(`/${name}`)));
      const records = emulator.faults.requests();
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
    });
  },
);
