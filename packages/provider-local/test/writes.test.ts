import { lstat, mkdir, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isPolydriveError } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { createLocalProvider, STAGING_FOLDER } from '../src/index.js';
import { abortsAfter, at, bytes, freshProvider, stagingItems, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

const MIB = 1024 * 1024;

describe('atomic writes', () => {
  it('keeps the old content and no staging file when a write is aborted half way', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await provider.writeSmall(at('/', 'f.bin'), bytes('old'), { conflict: 'fail' });
    const big = new Uint8Array(3 * MIB).fill(7);
    await expect(
      provider.writeSmall(at('/', 'f.bin'), big, { conflict: 'replace', signal: abortsAfter(2) }),
    ).rejects.toMatchObject({ code: 'Cancelled' });
    expect(await readFile(join(root, 'f.bin'), 'utf8')).toBe('old');
    expect(await stagingItems(root)).toEqual([]);
  });

  it('keeps the folder in the way and no staging file when the rename cannot happen', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await mkdir(join(root, 'taken'));
    await writeFile(join(root, 'taken', 'inner.txt'), 'inner');
    await expect(
      provider.writeSmall(at('/', 'taken'), bytes('new'), { conflict: 'replace' }),
    ).rejects.toMatchObject({ code: 'AlreadyExists' });
    expect(await readFile(join(root, 'taken', 'inner.txt'), 'utf8')).toBe('inner');
    expect(await stagingItems(root)).toEqual([]);
  });

  it('recreates the staging folder when it was removed', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await provider.writeSmall(at('/', 'a.txt'), bytes('a'), { conflict: 'fail' });
    await rm(join(root, STAGING_FOLDER), { recursive: true });
    await provider.writeSmall(at('/', 'b.txt'), bytes('b'), { conflict: 'fail' });
    expect(await readFile(join(root, 'b.txt'), 'utf8')).toBe('b');
    expect((await lstat(join(root, STAGING_FOLDER))).isDirectory()).toBe(true);
  });

  it('stages nothing through a staging folder that is a link or a file', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const outside = await tempDir();
    await symlink(outside, join(root, STAGING_FOLDER));
    await expect(
      provider.writeSmall(at('/', 'f.txt'), bytes('x'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'PermissionDenied' });
    expect(await readdir(outside)).toEqual([]);
    await rm(join(root, STAGING_FOLDER));
    await writeFile(join(root, STAGING_FOLDER), 'not a folder');
    await expect(
      provider.writeSmall(at('/', 'f.txt'), bytes('x'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'PermissionDenied' });
    await expect(lstat(join(root, 'f.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the old content when ifMatch no longer matches', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const first = await provider.writeSmall(at('/', 'f.txt'), bytes('one'), { conflict: 'fail' });
    await provider.writeSmall(at('/', 'f.txt'), bytes('two'), { conflict: 'replace' });
    await expect(
      provider.writeSmall(at('/', 'f.txt'), bytes('three'), {
        conflict: 'replace',
        ifMatch: first.etag as string,
      }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    expect(await readFile(join(root, 'f.txt'), 'utf8')).toBe('two');
    expect(await stagingItems(root)).toEqual([]);
  });

  it('stamps a write later than the file it replaces, even one dated ahead of the clock', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await provider.writeSmall(at('/', 'f.txt'), bytes('old'), { conflict: 'fail' });
    // A date whose stamp libuv used to store a microsecond early: the next one then equalled it.
    const ahead = new Date('2090-01-01T00:00:00.001Z');
    await utimes(join(root, 'f.txt'), ahead, ahead);
    const replaced = await lstat(join(root, 'f.txt'), { bigint: true });
    const entry = await provider.writeSmall(at('/', 'f.txt'), bytes('new'), {
      conflict: 'replace',
    });
    const written = await lstat(join(root, 'f.txt'), { bigint: true });
    expect(written.mtimeNs > replaced.mtimeNs).toBe(true);
    expect(entry.modifiedAt?.getTime()).toBeGreaterThanOrEqual(ahead.getTime());
    expect((await provider.stat({ path: '/f.txt' })).etag).toBe(entry.etag);
  });

  it('stores a given modifiedAt to the millisecond, whatever its value', async () => {
    const { root, provider } = await freshProvider(tempDir);
    // libuv truncates the seconds it is given to whole microseconds; half of all values used to
    // come back a microsecond early, and so a millisecond early once read as a Date.
    const start = Date.parse('2024-05-06T07:08:09.000Z');
    for (let i = 0; i < 40; i++) {
      const modifiedAt = new Date(start + i * 37_001);
      const entry = await provider.writeSmall(at('/', `f${i}.txt`), bytes('x'), {
        conflict: 'fail',
        modifiedAt,
      });
      expect(entry.modifiedAt).toEqual(modifiedAt);
      const st = await lstat(join(root, `f${i}.txt`), { bigint: true });
      // Within its microsecond (libuv keeps microseconds, or nanoseconds in later versions).
      expect(st.mtimeNs / 1000n).toBe(BigInt(modifiedAt.getTime()) * 1000n);
    }
  });

  it('stores a modifiedAt before 1970', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const modifiedAt = new Date('1960-01-02T03:04:05.678Z');
    const entry = await provider.writeSmall(at('/', 'old.txt'), bytes('x'), {
      conflict: 'fail',
      modifiedAt,
    });
    expect(entry.modifiedAt).toEqual(modifiedAt);
    expect((await lstat(join(root, 'old.txt'))).mtime).toEqual(modifiedAt);
  });

  it('honours modifiedAt', async () => {
    const { provider } = await freshProvider(tempDir);
    const modifiedAt = new Date('2020-02-03T04:05:06.789Z');
    const entry = await provider.writeSmall(at('/', 'f.txt'), bytes('x'), {
      conflict: 'fail',
      modifiedAt,
    });
    expect(entry.modifiedAt).toEqual(modifiedAt);
  });

  it('reports a missing parent as NotFound and a file parent as NotAFolder', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await expect(
      provider.writeSmall(at('/missing', 'f.txt'), bytes('x'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'NotFound', provider: 'local', operation: 'writeSmall' });
    await provider.writeSmall(at('/', 'file'), bytes('x'), { conflict: 'fail' });
    await expect(
      provider.writeSmall(at('/file', 'f.txt'), bytes('x'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'NotAFolder' });
    // The content is staged while the destination is checked: a failed check discards it.
    expect(await stagingItems(root)).toEqual([]);
  });

  it('refuses a name that is taken under fail, leaving both contents as they were', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await provider.writeSmall(at('/', 'f.txt'), bytes('first'), { conflict: 'fail' });
    await expect(
      provider.writeSmall(at('/', 'f.txt'), bytes('second'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'AlreadyExists' });
    expect(await readFile(join(root, 'f.txt'), 'utf8')).toBe('first');
    expect(await stagingItems(root)).toEqual([]);
  });

  it('writes the same path from many concurrent calls, the last content whole', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const contents = Array.from({ length: 12 }, (_, i) => `content-${i}-`.repeat(100));
    const entries = await Promise.all(
      contents.map((text) =>
        provider.writeSmall(at('/', 'f.txt'), bytes(text), { conflict: 'replace' }),
      ),
    );
    expect(contents).toContain(await readFile(join(root, 'f.txt'), 'utf8'));
    expect(new Set(entries.map((e) => e.etag)).size).toBe(contents.length);
    expect(await stagingItems(root)).toEqual([]);
  });
});

describe('etags', () => {
  it('stay the same while a file is unchanged', async () => {
    const { provider } = await freshProvider(tempDir);
    const written = await provider.writeSmall(at('/', 'f.txt'), bytes('x'), { conflict: 'fail' });
    expect((await provider.stat({ path: '/f.txt' })).etag).toBe(written.etag);
    expect((await provider.stat({ path: '/f.txt' })).etag).toBe(written.etag);
  });

  it('change on every write, even quick writes of the same size', async () => {
    const { provider } = await freshProvider(tempDir);
    const etags = new Set<string | undefined>();
    for (let i = 0; i < 20; i++) {
      const entry = await provider.writeSmall(at('/', 'f.txt'), bytes(`v${i % 10}`), {
        conflict: 'replace',
      });
      etags.add(entry.etag);
      etags.add((await provider.stat({ path: '/f.txt' })).etag);
    }
    expect(etags.size).toBe(20);
  });

  it('change when another provider instance writes the same size', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const other = await createLocalProvider({ root });
    const a = await provider.writeSmall(at('/', 'f.txt'), bytes('aaaa'), { conflict: 'replace' });
    const b = await other.writeSmall(at('/', 'f.txt'), bytes('bbbb'), { conflict: 'replace' });
    const c = await provider.writeSmall(at('/', 'f.txt'), bytes('cccc'), { conflict: 'replace' });
    expect(new Set([a.etag, b.etag, c.etag]).size).toBe(3);
  });

  it('guard conditional writes', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const first = await provider.writeSmall(at('/', 'f.txt'), bytes('one'), { conflict: 'fail' });
    const second = await provider.writeSmall(at('/', 'f.txt'), bytes('two'), {
      conflict: 'replace',
      ifMatch: first.etag as string,
    });
    expect(second.etag).not.toBe(first.etag);
    expect(await readFile(join(root, 'f.txt'), 'utf8')).toBe('two');
    await expect(
      provider.writeSmall(at('/', 'new.txt'), bytes('x'), { conflict: 'replace', ifMatch: '"x"' }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
  });

  it('let only one of several concurrent conditional writes win', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const first = await provider.writeSmall(at('/', 'f.txt'), bytes('base'), { conflict: 'fail' });
    const results = await Promise.allSettled(
      [0, 1, 2, 3, 4].map((i) =>
        provider.writeSmall(at('/', 'f.txt'), bytes(`w${i}`), {
          conflict: 'replace',
          ifMatch: first.etag as string,
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(isPolydriveError(r.reason, 'PreconditionFailed')).toBe(true);
    }
    expect(await readFile(join(root, 'f.txt'), 'utf8')).toMatch(/^w\d$/);
  });
});

describe('conflict policies', () => {
  it("let exactly one of many concurrent 'fail' writes win, across provider instances", async () => {
    const { root, provider } = await freshProvider(tempDir);
    const other = await createLocalProvider({ root });
    const writers = [provider, other, provider, other, provider, other, provider, other];
    const results = await Promise.allSettled(
      writers.map((p, i) =>
        p.writeSmall(at('/', 'race.txt'), bytes(`writer-${i}`), { conflict: 'fail' }),
      ),
    );
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(won).toHaveLength(1);
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(lost.every((err) => isPolydriveError(err, 'AlreadyExists'))).toBe(true);
    const content = await readFile(join(root, 'race.txt'), 'utf8');
    expect(content).toBe(`writer-${results.findIndex((r) => r.status === 'fulfilled')}`);
    expect(await stagingItems(root)).toEqual([]);
  });

  it("give concurrent 'rename' writes distinct names", async () => {
    const { provider } = await freshProvider(tempDir);
    const entries = await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        provider.writeSmall(at('/', 'report.tar.gz'), bytes(`${i}`), { conflict: 'rename' }),
      ),
    );
    expect(entries.map((e) => e.name).sort()).toEqual([
      'report (1).tar.gz',
      'report (2).tar.gz',
      'report (3).tar.gz',
      'report (4).tar.gz',
      'report.tar.gz',
    ]);
    expect(entries.every((e) => e.path === `/${e.name}` && e.id === e.path)).toBe(true);
  });

  it("create folders with 'fail' and 'rename'", async () => {
    const { provider } = await freshProvider(tempDir);
    await provider.createFolder({ path: '/' }, 'docs', { conflict: 'fail' });
    await expect(
      provider.createFolder({ path: '/' }, 'docs', { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'AlreadyExists' });
    const renamed = await provider.createFolder({ id: '/' }, 'docs', { conflict: 'rename' });
    expect(renamed).toMatchObject({
      kind: 'folder',
      name: 'docs (1)',
      parentId: '/',
      path: '/docs (1)',
    });
  });
});
