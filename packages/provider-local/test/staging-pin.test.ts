import fs, { existsSync, statfsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, rename, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fdCallsNeverWait } from '../src/fd-calls-inline.js';
import { FolderPin } from '../src/folder-pin.js';
import { STAGING_FOLDER } from '../src/index.js';
import { StagedFile } from '../src/staged-file.js';
import { Staging } from '../src/staging.js';
import { at, bytes, freshProvider, stagingItems, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

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

  it('keeps a retired pin open until the last write using it is done', async () => {
    const dir = await tempDir();
    const pin = await new Promise<FolderPin>((resolve, reject) => {
      FolderPin.open(dir, (err, opened) => (opened ? resolve(opened) : reject(err)));
    });
    pin.users++;
    pin.retire();
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

describe('a staged file read back after its rename', () => {
  for (const inline of [true, false]) {
    it(`reports what lstat says at its new name (fstat and close ${inline ? 'inline' : 'in the thread pool'})`, async () => {
      const root = await tempDir();
      const staged = await StagedFile.write(new Staging(root, inline), bytes('content'), true);
      await staged.seal(1_600_000_000_123_456_000n);
      await rename(staged.abs, join(root, 'f.txt'));
      const closes = vi.spyOn(fs, inline ? 'closeSync' : 'close');
      const st = await staged.statAndClose();
      const there = await lstat(join(root, 'f.txt'), { bigint: true });
      expect([st.ino, st.size, st.mtimeNs, st.ctimeNs]).toEqual([
        there.ino,
        there.size,
        there.mtimeNs,
        there.ctimeNs,
      ]);
      expect(st.mtimeNs).toBe(1_600_000_000_123_456_000n);
      expect(closes).toHaveBeenCalledTimes(1);
      if (pinsWork) expect(await descriptorsOn(join(root, 'f.txt'))).toBe(0);
    });
  }
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
