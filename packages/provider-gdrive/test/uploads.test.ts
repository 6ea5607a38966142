import { createHash } from 'node:crypto';
import { Drive, MemoryTokenStore, type PolydriveError, type UploadState } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_MULTIPLE, createGoogleDriveProvider } from '../src/index.js';
import {
  EMAIL,
  emulatorAuth,
  emulatorEndpoints,
  signIn,
  startGoogleEmulator,
} from './support/emulator.js';

const KIB = 1024;

let emulator: EmulatorHandle | undefined;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');

describe('resumable uploads written by hand', () => {
  it('resumes in another process from the saved JSON state', async () => {
    emulator = await startGoogleEmulator();
    const tokenStore = new MemoryTokenStore();
    await signIn(emulatorAuth(emulator, { tokenStore }));
    const open = () =>
      new Drive(
        createGoogleDriveProvider({
          auth: emulatorAuth(emulator as EmulatorHandle, { tokenStore }),
          ...emulatorEndpoints(emulator as EmulatorHandle),
        }),
      );
    const data = bytes(4 * CHUNK_MULTIPLE + 5, 1);
    const controller = new AbortController();
    let saved = '';
    const first = open()
      .write('/resume.bin', data, {
        mode: 'session',
        chunkSize: CHUNK_MULTIPLE,
        keepSession: true,
        signal: controller.signal,
        onState: (state) => {
          saved = JSON.stringify(state);
        },
        onProgress: ({ bytes: done }) => {
          if (done >= 2 * CHUNK_MULTIPLE) controller.abort();
        },
      })
      .catch((e: unknown) => e as PolydriveError);
    expect(((await first) as PolydriveError).code).toBe('Cancelled');
    const state = JSON.parse(saved) as UploadState;
    expect(state).toMatchObject({
      provider: 'gdrive',
      offset: 2 * CHUNK_MULTIPLE,
      size: data.length,
    });
    expect(state.session.uri).toContain('upload_id=');
    expect(emulator.google.openUploadSessions()).toBe(1);

    const entry = await open().resumeUpload(state, data);
    expect(entry).toMatchObject({
      name: 'resume.bin',
      size: data.length,
      hashes: { md5: md5(data) },
    });
    expect(emulator.google.openUploadSessions()).toBe(0);
  });

  it('continues within a chunk when Drive persisted only part of it', async () => {
    emulator = await startGoogleEmulator({ maxPersistPerRequest: 256 * KIB });
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const drive = new Drive(
      createGoogleDriveProvider({
        accessToken,
        chunkSize: 1024 * KIB,
        ...emulatorEndpoints(emulator),
      }),
    );
    const data = bytes(2 * 1024 * KIB + 77, 2);
    const entry = await drive.write('/partial.bin', data, { mode: 'session' });
    expect(entry.hashes.md5).toBe(md5(data));
    const puts = emulator.faults
      .requests()
      .filter((r) => r.method === 'PUT' && r.path.includes('upload_id='));
    expect(puts.map((r) => r.status)).toEqual([308, 308, 308, 308, 308, 308, 308, 308, 200]);
  });

  it('replaces an existing file in place, keeping its id, and renames on request', async () => {
    emulator = await startGoogleEmulator();
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const drive = new Drive(
      createGoogleDriveProvider({ accessToken, ...emulatorEndpoints(emulator) }),
    );
    const first = await drive.write('/same.bin', 'small');
    const data = bytes(CHUNK_MULTIPLE + 9, 3);
    const replaced = await drive.write('/same.bin', data, {
      mode: 'session',
      chunkSize: CHUNK_MULTIPLE,
    });
    expect(replaced.id).toBe(first.id);
    const renamed = await drive.write('/same.bin', data, {
      mode: 'session',
      chunkSize: CHUNK_MULTIPLE,
      conflict: 'rename',
    });
    expect(renamed.name).toBe('same (1).bin');
    expect(emulator.google.readFile(EMAIL, '/same (1).bin')?.equals(Buffer.from(data))).toBe(true);
  });
});
