import fs, { constants } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalProvider, polydriveProvider } from '../src/index.js';
import { abortsAfter, at, bytes, freshProvider, stagingItems, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

const MIB = 1024 * 1024;

/**
 * Counts flushes from here on: node:fs fsync calls, and files opened with O_DSYNC, whose writes
 * are flushed as they are made (the provider flushes through these two).
 */
function countFlushes(): { fsyncs: () => number; durableOpens: () => number; all: () => number } {
  const fsync = vi.spyOn(fs, 'fsync');
  const open = vi.spyOn(fs, 'open');
  const durableOpens = () =>
    open.mock.calls.filter(
      ([, flags]) => typeof flags === 'number' && (flags & constants.O_DSYNC) !== 0,
    ).length;
  return {
    fsyncs: () => fsync.mock.calls.length,
    durableOpens,
    all: () => fsync.mock.calls.length + durableOpens(),
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the fsync option', () => {
  it('flushes every write and every upload chunk by default', async () => {
    const { provider } = await freshProvider(tempDir);
    const flushes = countFlushes();
    await provider.writeSmall(at('/', 'small.txt'), bytes('x'), { conflict: 'fail' });
    expect(flushes.all()).toBe(1);
    let state = await provider.createUploadSession(at('/', 'big.bin'), {
      conflict: 'fail',
      chunkSize: 2,
      size: 4,
    });
    state = (await provider.uploadChunk(state, bytes('ab'), { final: false })).state;
    await provider.uploadChunk(state, bytes('cd'), { final: true });
    expect(flushes.all()).toBe(3);
  });

  it.runIf(constants.O_DSYNC !== undefined)(
    'writes content of one write call durably (O_DSYNC), and flushes larger or empty content once',
    async () => {
      const { root, provider } = await freshProvider(tempDir);
      const flushes = countFlushes();
      await provider.writeSmall(at('/', 'one.bin'), new Uint8Array(MIB).fill(1), {
        conflict: 'fail',
      });
      expect([flushes.durableOpens(), flushes.fsyncs()]).toEqual([1, 0]);
      await provider.writeSmall(at('/', 'three.bin'), new Uint8Array(3 * MIB).fill(3), {
        conflict: 'fail',
      });
      expect([flushes.durableOpens(), flushes.fsyncs()]).toEqual([1, 1]);
      await provider.writeSmall(at('/', 'empty.bin'), new Uint8Array(0), { conflict: 'fail' });
      expect([flushes.durableOpens(), flushes.fsyncs()]).toEqual([1, 2]);
      expect((await readFile(join(root, 'one.bin'))).every((b) => b === 1)).toBe(true);
      expect((await readFile(join(root, 'three.bin'))).byteLength).toBe(3 * MIB);
    },
  );

  it('flushes nothing when off, and writes the same content', async () => {
    const { root, provider } = await freshProvider(tempDir, { fsync: false });
    const flushes = countFlushes();
    await provider.writeSmall(at('/', 'small.txt'), bytes('x'), { conflict: 'fail' });
    let state = await provider.createUploadSession(at('/', 'big.bin'), {
      conflict: 'fail',
      chunkSize: 2,
      size: 4,
    });
    state = (await provider.uploadChunk(state, bytes('ab'), { final: false })).state;
    await provider.uploadChunk(state, bytes('cd'), { final: true });
    expect(flushes.all()).toBe(0);
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
    const flushes = countFlushes();
    const off = await polydriveProvider.create({ root, fsync: 'false' });
    await off.writeSmall(at('/', 'a.txt'), bytes('a'), { conflict: 'fail' });
    expect(flushes.all()).toBe(0);
    const on = await polydriveProvider.create({ root, fsync: 'true' });
    await on.writeSmall(at('/', 'b.txt'), bytes('b'), { conflict: 'fail' });
    expect(flushes.all()).toBe(1);
    await expect(polydriveProvider.create({ root, fsync: 'no' })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    await expect(
      createLocalProvider({ root, fsync: 1 as unknown as boolean }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
