import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, freshProvider, stagingItems, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

/** A root with /src/a.txt, /src/sub/b.txt and /dst. */
async function tree() {
  const made = await freshProvider(tempDir);
  await mkdir(join(made.root, 'src', 'sub'), { recursive: true });
  await mkdir(join(made.root, 'dst'));
  await writeFile(join(made.root, 'src', 'a.txt'), 'A');
  await writeFile(join(made.root, 'src', 'sub', 'b.txt'), 'B');
  return made;
}

describe('move', () => {
  it('moves and renames, and the id follows the path', async () => {
    const { root, provider } = await tree();
    const moved = await provider.move({ path: '/src/a.txt' }, at('/dst', 'z.txt'), {
      conflict: 'fail',
    });
    expect(moved).toMatchObject({ id: '/dst/z.txt', parentId: '/dst', name: 'z.txt' });
    expect(await readFile(join(root, 'dst', 'z.txt'), 'utf8')).toBe('A');
    await expect(provider.stat({ id: '/src/a.txt' })).rejects.toMatchObject({ code: 'NotFound' });
  });

  it("never overwrites under 'fail', and numbers the name under 'rename'", async () => {
    const { root, provider } = await tree();
    await writeFile(join(root, 'dst', 'a.txt'), 'taken');
    await expect(
      provider.move({ path: '/src/a.txt' }, at('/dst', 'a.txt'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'AlreadyExists' });
    expect(await readFile(join(root, 'dst', 'a.txt'), 'utf8')).toBe('taken');
    expect(await readFile(join(root, 'src', 'a.txt'), 'utf8')).toBe('A');
    const renamed = await provider.move({ path: '/src/a.txt' }, at('/dst', 'a.txt'), {
      conflict: 'rename',
    });
    expect(renamed.name).toBe('a (1).txt');
  });

  it("replaces files and folders under 'replace'", async () => {
    const { root, provider } = await tree();
    await mkdir(join(root, 'dst', 'sub'));
    await writeFile(join(root, 'dst', 'sub', 'old.txt'), 'old');
    await provider.move({ path: '/src/sub' }, at('/dst', 'sub'), { conflict: 'replace' });
    const names = (await provider.listPage({ path: '/dst/sub' })).entries.map((e) => e.name);
    expect(names).toEqual(['b.txt']);
    expect(await stagingItems(root)).toEqual([]);
  });

  it('refuses to move a folder into itself, the root, or onto a folder that holds it', async () => {
    const { provider } = await tree();
    await expect(
      provider.move({ path: '/src' }, at('/src/sub', 'src'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(
      provider.move({ path: '/' }, at('/dst', 'root'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(
      provider.move({ path: '/src/sub' }, at('/', 'src'), { conflict: 'replace' }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('treats a move onto its own path as a no-op', async () => {
    const { root, provider } = await tree();
    const entry = await provider.move({ path: '/src' }, at('/', 'src'), { conflict: 'replace' });
    expect(entry).toMatchObject({ id: '/src', kind: 'folder' });
    expect(await readFile(join(root, 'src', 'sub', 'b.txt'), 'utf8')).toBe('B');
  });

  it('checks ifMatch against the item moved', async () => {
    const { provider } = await tree();
    await expect(
      provider.move({ path: '/src/a.txt' }, at('/dst', 'a.txt'), {
        conflict: 'fail',
        ifMatch: '"stale"',
      }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    const { etag } = await provider.stat({ path: '/src/a.txt' });
    await provider.move({ path: '/src/a.txt' }, at('/dst', 'a.txt'), {
      conflict: 'fail',
      ifMatch: etag as string,
    });
  });
});

describe('copy', () => {
  it('copies a folder recursively and leaves the source alone', async () => {
    const { root, provider } = await tree();
    const copied = await provider.copy({ path: '/src' }, at('/dst', 'copy'), { conflict: 'fail' });
    expect(copied).toMatchObject({ kind: 'folder', id: '/dst/copy' });
    expect(await readFile(join(root, 'dst', 'copy', 'sub', 'b.txt'), 'utf8')).toBe('B');
    expect(await readFile(join(root, 'src', 'sub', 'b.txt'), 'utf8')).toBe('B');
    expect(await stagingItems(root)).toEqual([]);
  });

  it('applies the conflict policies to files', async () => {
    const { root, provider } = await tree();
    await writeFile(join(root, 'dst', 'a.txt'), 'taken');
    await expect(
      provider.copy({ path: '/src/a.txt' }, at('/dst', 'a.txt'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'AlreadyExists' });
    expect(await readFile(join(root, 'dst', 'a.txt'), 'utf8')).toBe('taken');
    const renamed = await provider.copy({ path: '/src/a.txt' }, at('/dst', 'a.txt'), {
      conflict: 'rename',
    });
    expect(renamed.name).toBe('a (1).txt');
    await provider.copy({ path: '/src/a.txt' }, at('/dst', 'a.txt'), { conflict: 'replace' });
    expect(await readFile(join(root, 'dst', 'a.txt'), 'utf8')).toBe('A');
    expect(await stagingItems(root)).toEqual([]);
  });

  it('refuses to copy a folder into itself', async () => {
    const { provider } = await tree();
    await expect(
      provider.copy({ path: '/src' }, at('/src/sub', 'again'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(
      provider.copy({ path: '/src' }, at('/src', 'again'), { conflict: 'fail' }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});

describe('delete', () => {
  it('removes a folder with everything in it', async () => {
    const { root, provider } = await tree();
    await provider.delete({ path: '/src' });
    await expect(provider.stat({ path: '/src' })).rejects.toMatchObject({ code: 'NotFound' });
    expect(await stagingItems(root)).toEqual([]);
  });

  it('reports NotFound for a missing item and refuses the root', async () => {
    const { provider } = await tree();
    await expect(provider.delete({ path: '/missing' })).rejects.toMatchObject({
      code: 'NotFound',
      operation: 'delete',
      target: '/missing',
    });
    await expect(provider.delete({ path: '/' })).rejects.toMatchObject({ code: 'InvalidArgument' });
  });

  it('checks ifMatch', async () => {
    const { provider } = await tree();
    await expect(
      provider.delete({ path: '/src/a.txt' }, { ifMatch: '"stale"' }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    const { etag } = await provider.stat({ path: '/src/a.txt' });
    await provider.delete({ path: '/src/a.txt' }, { ifMatch: etag as string });
    await expect(provider.stat({ path: '/src/a.txt' })).rejects.toMatchObject({ code: 'NotFound' });
  });
});
