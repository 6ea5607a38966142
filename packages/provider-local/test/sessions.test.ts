import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PolydriveError, UploadState } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { createLocalProvider, STAGING_FOLDER } from '../src/index.js';
import { abortsAfter, at, bytes, freshProvider, stagingItems, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

/** The state as another process would load it from disk. */
function roundTrip(state: UploadState): UploadState {
  return JSON.parse(JSON.stringify(state)) as UploadState;
}

describe('upload sessions', () => {
  it('are resumed by another provider instance from the JSON state', async () => {
    const { root, provider } = await freshProvider(tempDir);
    let state = await provider.createUploadSession(at('/', 'big.txt'), {
      conflict: 'fail',
      chunkSize: 4,
      size: 10,
    });
    expect(state).toMatchObject({ provider: 'local', offset: 0, size: 10, path: '/big.txt' });
    state = (await provider.uploadChunk(state, bytes('0123'), { final: false })).state;
    state = (await provider.uploadChunk(state, bytes('4567'), { final: false })).state;
    await expect(stat(join(root, 'big.txt'))).rejects.toMatchObject({ code: 'ENOENT' });

    const resumed = await createLocalProvider({ root });
    const saved = roundTrip(state);
    expect((await resumed.uploadStatus(saved)).offset).toBe(8);
    const result = await resumed.uploadChunk(saved, bytes('89'), { final: true });
    expect(result.state.offset).toBe(10);
    expect(result.entry).toMatchObject({ kind: 'file', name: 'big.txt', size: 10 });
    expect(await readFile(join(root, 'big.txt'), 'utf8')).toBe('0123456789');
    expect(await stagingItems(root)).toEqual([]);
  });

  it('give the file a modifiedAt to the millisecond', async () => {
    const { provider } = await freshProvider(tempDir);
    // A value libuv used to store a microsecond early, read back a millisecond early.
    const modifiedAt = new Date('2024-05-06T07:08:46.001Z');
    const state = await provider.createUploadSession(at('/', 'dated.txt'), {
      conflict: 'fail',
      chunkSize: 4,
      size: 2,
      modifiedAt,
    });
    const result = await provider.uploadChunk(state, bytes('ab'), { final: true });
    expect(result.entry?.modifiedAt).toEqual(modifiedAt);
  });

  it('take content of unknown size', async () => {
    const { root, provider } = await freshProvider(tempDir);
    let state = await provider.createUploadSession(at('/', 'u.txt'), {
      conflict: 'fail',
      chunkSize: 3,
    });
    expect(state.size).toBeNull();
    state = (await provider.uploadChunk(state, bytes('abc'), { final: false })).state;
    const done = await provider.uploadChunk(state, bytes('de'), { final: true });
    expect(done.state.size).toBe(5);
    expect(await readFile(join(root, 'u.txt'), 'utf8')).toBe('abcde');
  });

  it('accept a chunk sent again after its answer was lost', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const start = await provider.createUploadSession(at('/', 'r.txt'), {
      conflict: 'fail',
      chunkSize: 3,
    });
    const after = (await provider.uploadChunk(start, bytes('abc'), { final: false })).state;
    await provider.uploadChunk(after, bytes('def'), { final: false });
    // The caller never saw the answer to 'def' and sends it again from its saved state.
    const again = await provider.uploadChunk(after, bytes('DEF'), { final: false });
    expect(again.state.offset).toBe(6);
    await provider.uploadChunk(again.state, bytes(''), { final: true });
    expect(await readFile(join(root, 'r.txt'), 'utf8')).toBe('abcDEF');
  });

  it('refuse a chunk that starts past the bytes received, with advice', async () => {
    const { provider } = await freshProvider(tempDir);
    const state = await provider.createUploadSession(at('/', 'gap.txt'), {
      conflict: 'fail',
      chunkSize: 3,
    });
    const err = await provider
      .uploadChunk({ ...state, offset: 3 }, bytes('abc'), { final: false })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'InvalidArgument', operation: 'uploadChunk' });
    expect((err as PolydriveError).advice).toMatch(/uploadStatus/);
  });

  it('enforce the declared size', async () => {
    const { provider } = await freshProvider(tempDir);
    const state = await provider.createUploadSession(at('/', 's.txt'), {
      conflict: 'fail',
      chunkSize: 4,
      size: 4,
    });
    await expect(
      provider.uploadChunk(state, bytes('12345'), { final: false }),
    ).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(provider.uploadChunk(state, bytes('123'), { final: true })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });

  it('leave no partial target and no extra bytes when a chunk is aborted', async () => {
    const { root, provider } = await freshProvider(tempDir);
    let state = await provider.createUploadSession(at('/', 'a.bin'), {
      conflict: 'fail',
      chunkSize: 2 * 1024 * 1024,
    });
    state = (await provider.uploadChunk(state, bytes('head'), { final: false })).state;
    // Checked on entry, then before each 1 MiB slice: the second slice is never written.
    await expect(
      provider.uploadChunk(state, new Uint8Array(2 * 1024 * 1024), {
        final: true,
        signal: abortsAfter(2),
      }),
    ).rejects.toMatchObject({ code: 'Cancelled' });
    expect((await provider.uploadStatus(state)).offset).toBe(4);
    await expect(stat(join(root, 'a.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('are removed by abortUpload, after which they are NotFound with advice to restart', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const state = await provider.createUploadSession(at('/', 'x.txt'), {
      conflict: 'fail',
      chunkSize: 4,
    });
    expect(await stagingItems(root)).toHaveLength(1);
    await provider.abortUpload(state);
    await provider.abortUpload(state);
    expect(await stagingItems(root)).toEqual([]);
    const err = await provider.uploadStatus(state).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NotFound', provider: 'local', operation: 'uploadStatus' });
    expect((err as PolydriveError).advice).toMatch(/again/);
    await expect(provider.uploadChunk(state, bytes('a'), { final: true })).rejects.toMatchObject({
      code: 'NotFound',
    });
  });

  it('refuse a crafted state that names a file outside the staging folder', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await writeFile(join(root, 'precious.txt'), 'keep');
    const state = await provider.createUploadSession(at('/', 'x.txt'), {
      conflict: 'fail',
      chunkSize: 4,
    });
    for (const file of ['../precious.txt', '/etc/passwd', 'upload-zz', 42, null]) {
      const crafted = { ...state, session: { file } } as UploadState;
      await expect(provider.uploadStatus(crafted)).rejects.toMatchObject({
        code: 'InvalidArgument',
      });
      await expect(provider.abortUpload(crafted)).rejects.toMatchObject({
        code: 'InvalidArgument',
      });
      await expect(
        provider.uploadChunk(crafted, bytes('evil'), { final: true }),
      ).rejects.toMatchObject({
        code: 'InvalidArgument',
      });
    }
    await expect(provider.uploadStatus({ ...state, provider: 'onedrive' })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    expect(await readFile(join(root, 'precious.txt'), 'utf8')).toBe('keep');
  });

  it("fail early under 'fail' when the name is taken, and keep the session when the last chunk conflicts", async () => {
    const { root, provider } = await freshProvider(tempDir);
    await writeFile(join(root, 'taken.txt'), 'first');
    await expect(
      provider.createUploadSession(at('/', 'taken.txt'), { conflict: 'fail', chunkSize: 4 }),
    ).rejects.toMatchObject({ code: 'AlreadyExists' });

    const state = await provider.createUploadSession(at('/', 'late.txt'), {
      conflict: 'fail',
      chunkSize: 4,
    });
    await writeFile(join(root, 'late.txt'), 'someone else');
    await expect(provider.uploadChunk(state, bytes('mine'), { final: true })).rejects.toMatchObject(
      {
        code: 'AlreadyExists',
      },
    );
    expect(await readFile(join(root, 'late.txt'), 'utf8')).toBe('someone else');
    expect((await provider.uploadStatus(state)).offset).toBe(4);
    await provider.abortUpload(state);
    expect(await stagingItems(root)).toEqual([]);
  });
});

describe('staging housekeeping', () => {
  it('sweeps items idle for 7 days when a provider opens the root', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const stale = await provider.createUploadSession(at('/', 'old.txt'), {
      conflict: 'fail',
      chunkSize: 4,
    });
    const fresh = await provider.createUploadSession(at('/', 'new.txt'), {
      conflict: 'fail',
      chunkSize: 4,
    });
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600_000);
    await utimes(
      join(root, STAGING_FOLDER, String(stale.session.file)),
      eightDaysAgo,
      eightDaysAgo,
    );
    await createLocalProvider({ root });
    expect(await stagingItems(root)).toEqual([fresh.session.file]);
  });
});
