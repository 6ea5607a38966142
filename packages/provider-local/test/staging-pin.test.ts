import fs, { existsSync, statfsSync } from 'node:fs';
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  symlink,
  unlink,
} from 'node:fs/promises';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fdCallsNeverWait } from '../src/fd-calls-inline.js';
import { FolderPin } from '../src/folder-pin.js';
import { createLocalProvider, STAGING_FOLDER } from '../src/index.js';
import { StagedFile } from '../src/staged-file.js';
import { Staging } from '../src/staging.js';
import { abortsAfter, at, bytes, freshProvider, stagingItems, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

const MIB = 1024 * 1024;

const pinsWork = FolderPin.supported && existsSync('/proc/self/fd');

afterEach(() => {
  vi.restoreAllMocks();
});

/** The descriptors of this process open on `path` (Linux); a removed folder's read "(deleted)". */
async function descriptorsOn(path: string): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target === path || target === `${path} (deleted)`) count++;
  }
  return count;
}

/** Waits for the descriptors on `path` to number `count`: pins close them asynchronously. */
async function expectDescriptors(path: string, count: number): Promise<void> {
  await vi.waitFor(async () => expect(await descriptorsOn(path)).toBe(count), {
    timeout: 2000,
    interval: 5,
  });
}

describe.runIf(pinsWork)('the pinned staging folder', () => {
  it('makes write files through one descriptor, without looking at the folder again', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const staging = join(root, STAGING_FOLDER);
    await provider.writeSmall(at('/', 'first.txt'), bytes('1'), { conflict: 'fail' });
    const lstats = vi.spyOn(fs, 'lstat');
    const opens = vi.spyOn(fs, 'open');
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      await provider.writeSmall(at('/', name), bytes(name), { conflict: 'fail' });
    }
    const created = opens.mock.calls.map(([path]) => String(path));
    expect(created).toHaveLength(3);
    expect(created.every((path) => /^\/proc\/self\/fd\/\d+\/write-[0-9a-f]{32}$/.test(path))).toBe(
      true,
    );
    expect(lstats.mock.calls.filter(([path]) => path === staging)).toEqual([]);
    expect(await descriptorsOn(staging)).toBe(1);
    expect(await readFile(join(root, 'c.txt'), 'utf8')).toBe('c.txt');
    expect(await stagingItems(root)).toEqual([]);
  });

  it('never writes through a link that replaced the folder it pinned', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await provider.writeSmall(at('/', 'a.txt'), bytes('a'), { conflict: 'fail' });
    const outside = await tempDir();
    await rename(join(root, STAGING_FOLDER), join(root, 'moved'));
    await symlink(outside, join(root, STAGING_FOLDER));
    await provider.writeSmall(at('/', 'b.txt'), bytes('b'), { conflict: 'fail' });
    expect(await readFile(join(root, 'b.txt'), 'utf8')).toBe('b');
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(join(root, 'moved'))).toEqual([]);
  });

  it('pins the folder again when it was removed, closing the old descriptor', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const staging = join(root, STAGING_FOLDER);
    await provider.writeSmall(at('/', 'a.txt'), bytes('a'), { conflict: 'fail' });
    await fs.promises.rm(staging, { recursive: true });
    await provider.writeSmall(at('/', 'b.txt'), bytes('b'), { conflict: 'fail' });
    expect(await readFile(join(root, 'b.txt'), 'utf8')).toBe('b');
    expect((await lstat(staging)).isDirectory()).toBe(true);
    // One descriptor, on the new folder: the removed one's was closed.
    await expectDescriptors(staging, 1);
    expect(await readlink(`/proc/self/fd/${await pinnedFd(staging)}`)).toBe(staging);
  });

  it('lets go of the descriptor on close; writes then go by path', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const staging = join(root, STAGING_FOLDER);
    await provider.writeSmall(at('/', 'a.txt'), bytes('a'), { conflict: 'fail' });
    expect(await descriptorsOn(staging)).toBe(1);
    await provider.close();
    await expectDescriptors(staging, 0);
    const opens = vi.spyOn(fs, 'open');
    await provider.writeSmall(at('/', 'b.txt'), bytes('b'), { conflict: 'fail' });
    expect(String(opens.mock.calls[0]?.[0])).toMatch(
      new RegExp(`^${staging.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/write-`),
    );
    expect(await descriptorsOn(staging)).toBe(0);
    expect(await readFile(join(root, 'b.txt'), 'utf8')).toBe('b');
  });

  it('leaves no write holding the folder after writes that fail in every way', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const staging = join(root, STAGING_FOLDER);
    const first = await provider.writeSmall(at('/', 'f.txt'), bytes('1'), { conflict: 'fail' });
    await provider.writeSmall(at('/', 'f.txt'), bytes('2'), { conflict: 'replace' });
    const failing = [
      [at('/', 'f.txt'), bytes('3'), { conflict: 'replace', ifMatch: first.etag as string }],
      [at('/', 'f.txt'), bytes('4'), { conflict: 'fail' }],
      [at('/', 'f.txt'), new Uint8Array(3 * MIB), { conflict: 'replace', signal: abortsAfter(2) }],
      [at('/missing', 'g.txt'), bytes('5'), { conflict: 'fail' }],
      [at('/', 'dir'), bytes('6'), { conflict: 'replace' }],
    ] as const;
    await mkdir(join(root, 'dir'));
    for (const [dest, data, options] of failing) {
      await expect(provider.writeSmall(dest, data, options)).rejects.toMatchObject({
        code: expect.stringMatching(/^(PreconditionFailed|AlreadyExists|Cancelled|NotFound)$/),
      });
    }
    await provider.writeSmall(at('/', 'f.txt'), bytes('7'), { conflict: 'rename' });
    expect(await readFile(join(root, 'f (1).txt'), 'utf8')).toBe('7');
    expect(await descriptorsOn(staging)).toBe(1);
    // Closing frees the descriptor only when no write still counts as using it.
    await provider.close();
    await expectDescriptors(staging, 0);
    expect(await stagingItems(root)).toEqual([]);
  });

  it('keeps one descriptor when the first writes start together', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const names = Array.from({ length: 8 }, (_, i) => `f${i}.txt`);
    await Promise.all(
      names.map((name) => provider.writeSmall(at('/', name), bytes(name), { conflict: 'fail' })),
    );
    await expectDescriptors(join(root, STAGING_FOLDER), 1);
  });

  it('lets writes in flight finish when closed, then lets go of the descriptor', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await provider.writeSmall(at('/', 'first.txt'), bytes('1'), { conflict: 'fail' });
    const opens = vi.spyOn(fs, 'open');
    const names = Array.from({ length: 8 }, (_, i) => `f${i}.txt`);
    const writes = names.map((name) =>
      provider.writeSmall(at('/', name), bytes(name), { conflict: 'fail' }),
    );
    await provider.close();
    await Promise.all(writes);
    // They were made through the pin, which stayed open for them.
    const created = opens.mock.calls.map(([path]) => String(path));
    expect(created.filter((path) => /^\/proc\/self\/fd\/\d+\/write-/.test(path))).toHaveLength(8);
    for (const name of names) expect(await readFile(join(root, name), 'utf8')).toBe(name);
    await expectDescriptors(join(root, STAGING_FOLDER), 0);
    expect(await stagingItems(root)).toEqual([]);
  });

  it('lets go of the descriptor of a provider that was never closed once it is collected', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const root = await tempDir();
    const staging = join(root, STAGING_FOLDER);
    // Made and used in a function of its own, so that nothing here keeps the provider alive.
    await (async () => {
      const provider = await createLocalProvider({ root });
      await provider.writeSmall(at('/', 'a.txt'), bytes('a'), { conflict: 'fail' });
    })();
    expect(await descriptorsOn(staging)).toBe(1);
    await vi.waitFor(
      async () => {
        gc();
        await new Promise((resolve) => setTimeout(resolve, 10));
        expect(await descriptorsOn(staging)).toBe(0);
      },
      { timeout: 5000, interval: 20 },
    );
  });

  it('keeps a retired pin open until the last write using it is done', async () => {
    const dir = await tempDir();
    const pin = await new Promise<FolderPin>((resolve, reject) => {
      FolderPin.open(dir, (err, opened) => (opened ? resolve(opened) : reject(err)));
    });
    pin.use();
    pin.retire();
    expect(() => pin.use()).toThrow(/retired/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fs.statSync(pin.path).isDirectory()).toBe(true);
    expect(await descriptorsOn(dir)).toBe(1);
    pin.release();
    await expectDescriptors(dir, 0);
  });

  it('refuses to pin a link or a file', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'real'));
    await symlink(join(dir, 'real'), join(dir, 'link'));
    await fs.promises.writeFile(join(dir, 'file'), 'x');
    const results = await Promise.all(
      ['link', 'file'].map(
        (name) =>
          new Promise<[string | undefined, FolderPin | undefined]>((resolve) =>
            FolderPin.open(join(dir, name), (err, pin) => resolve([err?.code, pin])),
          ),
      ),
    );
    // Linux says ENOTDIR for a link opened with O_DIRECTORY | O_NOFOLLOW; others say ELOOP.
    for (const [code, pin] of results) {
      expect(code).toMatch(/^(ELOOP|ENOTDIR)$/);
      expect(pin).toBeUndefined();
    }
    expect(await descriptorsOn(join(dir, 'real'))).toBe(0);
  });
});

/** The number of the descriptor open on `path`. */
async function pinnedFd(path: string): Promise<string | undefined> {
  for (const fd of await readdir('/proc/self/fd')) {
    if ((await readlink(`/proc/self/fd/${fd}`).catch(() => '')) === path) return fd;
  }
  return undefined;
}

describe.runIf(process.platform === 'linux')('a staged file read back after its rename', () => {
  for (const inline of [true, false]) {
    it(`reports what lstat says at its new name (fstat ${inline ? 'inline' : 'in the thread pool'})`, async () => {
      const root = await tempDir();
      const staging = new Staging(root, inline);
      const staged = await StagedFile.write(staging, bytes('content'), true);
      await staged.seal(1_600_000_000_123_456_000n);
      await rename(staged.abs, join(root, 'f.txt'));
      const inlineStats = vi.spyOn(fs, 'fstatSync');
      const st = await staged.statAndClose();
      const there = await lstat(join(root, 'f.txt'), { bigint: true });
      expect([st.ino, st.size, st.mtimeNs, st.ctimeNs]).toEqual([
        there.ino,
        there.size,
        there.mtimeNs,
        there.ctimeNs,
      ]);
      // Within its microsecond (libuv keeps microseconds, or nanoseconds in later versions).
      expect(st.mtimeNs / 1000n).toBe(1_600_000_000_123_456n);
      expect(inlineStats).toHaveBeenCalledTimes(inline ? 1 : 0);
      if (pinsWork) expect(await descriptorsOn(join(root, 'f.txt'))).toBe(0);
      staging.close();
    });
  }

  it('closes inline only a small file that still has a name', async () => {
    const cases = [
      { size: 4096, removed: false, inline: true },
      { size: 64 * 1024 + 1, removed: false, inline: false },
      { size: 4096, removed: true, inline: false },
    ];
    for (const { size, removed, inline } of cases) {
      const root = await tempDir();
      const staging = new Staging(root, true);
      const staged = await StagedFile.write(staging, new Uint8Array(size).fill(1), true);
      await rename(staged.abs, join(root, 'f.bin'));
      if (removed) await unlink(join(root, 'f.bin'));
      const inlineCloses = vi.spyOn(fs, 'closeSync');
      const st = await staged.statAndClose();
      expect([st.size, st.nlink]).toEqual([BigInt(size), removed ? 0n : 1n]);
      expect(inlineCloses).toHaveBeenCalledTimes(inline ? 1 : 0);
      inlineCloses.mockRestore();
      staging.close();
    }
  });

  it('refuses to read back a file already closed', async () => {
    const root = await tempDir();
    const staging = new Staging(root, true);
    const staged = await StagedFile.write(staging, bytes('x'), true);
    await staged.close();
    await expect(staged.statAndClose()).rejects.toThrow(/closed before it was read back/);
    await staged.discard();
    expect(await stagingItems(root)).toEqual([]);
    staging.close();
  });
});

describe('fdCallsNeverWait', () => {
  it('says no for a folder it cannot look at', async () => {
    expect(await fdCallsNeverWait('/no/such/folder/anywhere')).toBe(false);
  });

  it.runIf(process.platform === 'linux')('says no for a file system it does not know', async () => {
    expect(await fdCallsNeverWait('/proc')).toBe(false);
  });

  it.runIf(
    process.platform === 'linux' &&
      existsSync('/dev/shm') &&
      statfsSync('/dev/shm').type === 0x01021994,
  )('says yes for tmpfs, which keeps everything in memory', async () => {
    expect(await fdCallsNeverWait('/dev/shm')).toBe(true);
  });
});
