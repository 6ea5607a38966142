import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalProvider, polydriveProvider } from '../src/index.js';
import { abortsAfter, at, bytes, freshProvider, stagingItems, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

const MIB = 1024 * 1024;

/** Counts node:fs fsync calls from here on (the provider flushes through them). */
function countSyncs() {
  return vi.spyOn(fs, 'fsync');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the fsync option', () => {
  it('flushes every write and every upload chunk by default', async () => {
    const { provider } = await freshProvider(tempDir);
    const syncs = countSyncs();
    await provider.writeSmall(at('/', 'small.txt'), bytes('x'), { conflict: 'fail' });
    expect(syncs).toHaveBeenCalledTimes(1);
    let state = await provider.createUploadSession(at('/', 'big.bin'), {
      conflict: 'fail',
      chunkSize: 2,
      size: 4,
    });
    state = (await provider.uploadChunk(state, bytes('ab'), { final: false })).state;
    await provider.uploadChunk(state, bytes('cd'), { final: true });
    expect(syncs).toHaveBeenCalledTimes(3);
  });

  it('flushes nothing when off, and writes the same content', async () => {
    const { root, provider } = await freshProvider(tempDir, { fsync: false });
    const syncs = countSyncs();
    await provider.writeSmall(at('/', 'small.txt'), bytes('x'), { conflict: 'fail' });
    let state = await provider.createUploadSession(at('/', 'big.bin'), {
      conflict: 'fail',
      chunkSize: 2,
      size: 4,
    });
    state = (await provider.uploadChunk(state, bytes('ab'), { final: false })).state;
    await provider.uploadChunk(state, bytes('cd'), { final: true });
    expect(syncs).not.toHaveBeenCalled();
    expect(await readFile(join(root, 'small.txt'), 'utf8')).toBe('x');
    expect(await readFile(join(root, 'big.bin'), 'utf8')).toBe('abcd');
  });

  it('keeps writes atomic when off: an aborted write leaves the old content and no staging file', async () => {
    const { root, provider } = await freshProvider(tempDir, { fsync: false });
    await provider.writeSmall(at('/', 'f.bin'), bytes('old'), { conflict: 'fail' });
    const big = new Uint8Array(3 * MIB).fill(7);
    await expect(
      provider.writeSmall(at('/', 'f.bin'), big, { conflict: 'replace', signal: abortsAfter(2) }),
    ).rejects.toMatchObject({ code: 'Cancelled' });
    expect(await readFile(join(root, 'f.bin'), 'utf8')).toBe('old');
    expect(await stagingItems(root)).toEqual([]);
  });

  it('is read from a URI query as true or false, and refuses anything else', async () => {
    const root = await tempDir();
    const syncs = countSyncs();
    const off = await polydriveProvider.create({ root, fsync: 'false' });
    await off.writeSmall(at('/', 'a.txt'), bytes('a'), { conflict: 'fail' });
    expect(syncs).not.toHaveBeenCalled();
    const on = await polydriveProvider.create({ root, fsync: 'true' });
    await on.writeSmall(at('/', 'b.txt'), bytes('b'), { conflict: 'fail' });
    expect(syncs).toHaveBeenCalledTimes(1);
    await expect(polydriveProvider.create({ root, fsync: 'no' })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(
      createLocalProvider({ root, fsync: 1 as unknown as boolean }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
