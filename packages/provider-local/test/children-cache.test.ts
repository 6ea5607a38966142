import { lstat, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indexAfter } from '../src/children.js';
import { ChildrenCache, type ChildrenCacheLimits } from '../src/children-cache.js';
import { useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

const SETTLED: ChildrenCacheLimits = {
  folders: 16,
  names: 1000,
  maxAgeMs: 30_000,
  settleMs: 0,
  fineSettleMs: 0,
};

async function folderWith(...names: string[]): Promise<string> {
  const dir = await tempDir();
  for (const name of names) await writeFile(join(dir, name), name);
  return dir;
}

const stats = (dir: string) => lstat(dir, { bigint: true });
const names = (children: readonly { name: string }[]) => children.map((c) => c.name);

describe('ChildrenCache', () => {
  it('serves the pages after the first from one read while the folder is unchanged', async () => {
    const dir = await folderWith('b', 'a', 'c');
    const cache = new ChildrenCache(SETTLED);
    const first = await cache.children(dir, false, await stats(dir), false);
    expect(names(first)).toEqual(['a', 'b', 'c']);
    expect(await cache.children(dir, false, await stats(dir), true)).toBe(first);
  });

  it('reads again when a child was added, removed or renamed, as the folder times tell', async () => {
    const dir = await folderWith('a', 'c');
    const cache = new ChildrenCache(SETTLED);
    const first = await cache.children(dir, false, await stats(dir), false);
    await writeFile(join(dir, 'b'), 'b');
    const next = await cache.children(dir, false, await stats(dir), true);
    expect(next).not.toBe(first);
    expect(names(next)).toEqual(['a', 'b', 'c']);
  });

  it('always reads the folder for the first page of a listing', async () => {
    const dir = await folderWith('a');
    const cache = new ChildrenCache(SETTLED);
    const before = await stats(dir);
    await cache.children(dir, false, before, false);
    await writeFile(join(dir, 'b'), 'b');
    // Even told that nothing changed, a new listing looks at the disk.
    expect(names(await cache.children(dir, false, before, false))).toEqual(['a', 'b']);
  });

  it('does not trust a folder that changed within the settle time of its read', async () => {
    const dir = await folderWith('a');
    const cache = new ChildrenCache({ ...SETTLED, settleMs: 60_000, fineSettleMs: 60_000 });
    const before = await stats(dir);
    const first = await cache.children(dir, false, before, false);
    expect(await cache.children(dir, false, before, true)).not.toBe(first);
  });

  it('waits the short settle time for fine folder times and the long one for coarse times', async () => {
    const dir = await folderWith('a');
    const st = await stats(dir);
    const wholeMs = (st.ctimeNs / 1_000_000n) * 1_000_000n;
    // A change time on a whole millisecond is what a file system with coarse times reports.
    const coarse = { ...st, ctimeNs: wholeMs } as typeof st;
    const fine = { ...st, ctimeNs: wholeMs + 123n } as typeof st;
    const limits = { ...SETTLED, settleMs: 2_000, fineSettleMs: 100 };
    const cache = new ChildrenCache(limits, () => Number(wholeMs / 1_000_000n) + 500);
    const first = await cache.children(dir, false, coarse, false);
    expect(await cache.children(dir, false, coarse, true)).not.toBe(first);
    const again = await cache.children(dir, false, fine, false);
    expect(await cache.children(dir, false, fine, true)).toBe(again);
  });

  it('reads again once a snapshot is older than maxAgeMs', async () => {
    const dir = await folderWith('a');
    let now = Date.now();
    const cache = new ChildrenCache(SETTLED, () => now);
    const first = await cache.children(dir, false, await stats(dir), false);
    now += SETTLED.maxAgeMs + 1;
    expect(await cache.children(dir, false, await stats(dir), true)).not.toBe(first);
  });

  it('keeps at most its limits of folders and names, dropping the least recently used', async () => {
    const [one, two, big] = [await folderWith('a'), await folderWith('b'), await folderWith()];
    for (let i = 0; i < 5; i++) await writeFile(join(big, `f${i}`), '');
    const cache = new ChildrenCache({ ...SETTLED, folders: 1, names: 4 });
    const fromOne = await cache.children(one, false, await stats(one), false);
    await cache.children(two, false, await stats(two), false);
    expect(await cache.children(one, false, await stats(one), true)).not.toBe(fromOne);
    const fromBig = await cache.children(big, false, await stats(big), false);
    expect(await cache.children(big, false, await stats(big), true)).not.toBe(fromBig);
  });

  it('leaves links and the staging folder out, like a fresh read', async () => {
    const root = await folderWith('f.txt');
    await mkdir(join(root, '.polydrive-staging'));
    await mkdir(join(root, 'sub'));
    const cache = new ChildrenCache(SETTLED);
    const children = await cache.children(root, true, await stats(root), false);
    expect(children).toEqual([
      { name: 'f.txt', kind: 'file' },
      { name: 'sub', kind: 'folder' },
    ]);
  });
});

describe('indexAfter', () => {
  const children = ['a', 'b', 'bb', 'd'].map((name) => ({ name, kind: 'file' as const }));

  it('finds the first child named after a cursor, whether or not that name still exists', () => {
    expect(indexAfter(children, undefined)).toBe(0);
    expect(indexAfter(children, 'a')).toBe(1);
    expect(indexAfter(children, 'bb')).toBe(3);
    expect(indexAfter(children, 'c')).toBe(3);
    expect(indexAfter(children, '0')).toBe(0);
    expect(indexAfter(children, 'z')).toBe(4);
  });
});
