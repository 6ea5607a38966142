import { lstat, mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectCode } from '@polydrive/contract';
import { describe, expect, it } from 'vitest';
import { createLocalProvider, STAGING_FOLDER } from '../src/index.js';
import { at, bytes, freshProvider, text, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

describe('paths and ids stay inside the root', () => {
  it('refuses .. in ids and paths', async () => {
    const { provider } = await freshProvider(tempDir);
    await expectCode(provider.stat({ id: '../etc/passwd' }), 'InvalidArgument');
    await expectCode(provider.stat({ id: '/a/../../etc/passwd' }), 'InvalidArgument');
    await expectCode(provider.read({ path: '/../../etc/passwd' }), 'InvalidArgument');
    await expectCode(provider.listPage({ id: '..' }), 'InvalidArgument');
  });

  it('refuses ids that are not in the canonical form it issues', async () => {
    const { provider } = await freshProvider(tempDir);
    await writeFile(join(provider.root, 'a.txt'), 'a');
    await expectCode(provider.stat({ id: 'a.txt' }), 'InvalidArgument');
    await expectCode(provider.stat({ id: '/a.txt/' }), 'InvalidArgument');
    expect((await provider.stat({ id: '/a.txt' })).name).toBe('a.txt');
  });

  it('tells an id from a path with the same text, however often either is used', async () => {
    const { provider } = await freshProvider(tempDir);
    await writeFile(join(provider.root, 'a.txt'), 'a');
    for (let i = 0; i < 2; i++) {
      expect((await provider.stat({ path: 'a.txt' })).id).toBe('/a.txt');
      await expectCode(provider.stat({ id: 'a.txt' }), 'InvalidArgument');
      await expectCode(provider.stat({ path: '/a.txt/..' }), 'InvalidArgument');
    }
  });

  it('reads an absolute-path id from the root, never from the real file system root', async () => {
    const { provider } = await freshProvider(tempDir);
    await expectCode(provider.read({ id: '/etc/passwd' }), 'NotFound');
    await mkdir(join(provider.root, 'etc'));
    await writeFile(join(provider.root, 'etc', 'passwd'), 'jailed');
    expect(await text((await provider.read({ id: '/etc/passwd' })).stream)).toBe('jailed');
  });

  it('hides the staging folder and refuses to address it', async () => {
    const { provider } = await freshProvider(tempDir);
    await provider.writeSmall(at('/', 'f.txt'), bytes('x'), { conflict: 'fail' });
    await lstat(join(provider.root, STAGING_FOLDER));
    const page = await provider.listPage({ path: '/' });
    expect(page.entries.map((e) => e.name)).toEqual(['f.txt']);
    await expectCode(provider.listPage({ path: `/${STAGING_FOLDER}` }), 'InvalidArgument');
    await expectCode(
      provider.writeSmall(at('/', STAGING_FOLDER), bytes('x'), { conflict: 'replace' }),
      'InvalidArgument',
    );
  });

  it('works with the file system root as its root', async () => {
    const provider = await createLocalProvider({ root: '/' });
    expect(await provider.stat({ path: '/etc' })).toMatchObject({ kind: 'folder', id: '/etc' });
  });

  it('checks name length in UTF-8 bytes, not characters', async () => {
    const { provider } = await freshProvider(tempDir);
    const long = 'é'.repeat(128); // 128 characters, 256 bytes
    await expectCode(
      provider.writeSmall(at('/', long), bytes('x'), { conflict: 'fail' }),
      'InvalidArgument',
    );
    await expectCode(provider.stat({ path: `/${long}` }), 'InvalidArgument');
    const fits = 'é'.repeat(127);
    expect((await provider.writeSmall(at('/', fits), bytes('x'), { conflict: 'fail' })).name).toBe(
      fits,
    );
  });
});

describe('symbolic links are never followed', () => {
  it('refuses a link to /etc inside the root, for every operation', async () => {
    const { provider } = await freshProvider(tempDir);
    await symlink('/etc', join(provider.root, 'etc-link'));
    await expectCode(provider.stat({ path: '/etc-link' }), 'PermissionDenied');
    await expectCode(provider.stat({ path: '/etc-link/passwd' }), 'PermissionDenied');
    await expectCode(provider.read({ path: '/etc-link/passwd' }), 'PermissionDenied');
    await expectCode(provider.listPage({ path: '/etc-link' }), 'PermissionDenied');
    await expectCode(provider.delete({ path: '/etc-link' }), 'PermissionDenied');
    await expectCode(
      provider.search({ text: 'passwd', within: { path: '/etc-link' } }),
      'PermissionDenied',
    );
    expect((await provider.listPage({ path: '/' })).entries).toEqual([]);
    expect((await provider.search({ text: 'passwd' })).entries).toEqual([]);
  });

  it('writes nothing through a linked folder that points outside the root', async () => {
    const { provider } = await freshProvider(tempDir);
    const outside = await tempDir();
    await writeFile(join(outside, 'victim.txt'), 'original');
    await symlink(outside, join(provider.root, 'out'));
    for (const conflict of ['fail', 'replace', 'rename'] as const) {
      await expectCode(
        provider.writeSmall(at('/out', 'victim.txt'), bytes('evil'), { conflict }),
        'PermissionDenied',
      );
      await expectCode(
        provider.writeSmall(at('/out', 'new.txt'), bytes('evil'), { conflict }),
        'PermissionDenied',
      );
    }
    await expectCode(
      provider.createFolder({ path: '/out' }, 'x', { conflict: 'fail' }),
      'PermissionDenied',
    );
    await expectCode(
      provider.createUploadSession(at('/out', 'big.bin'), { conflict: 'fail', chunkSize: 4 }),
      'PermissionDenied',
    );
    await provider.writeSmall(at('/', 'mine.txt'), bytes('mine'), { conflict: 'fail' });
    await expectCode(
      provider.move({ path: '/mine.txt' }, at('/out', 'm.txt'), { conflict: 'fail' }),
      'PermissionDenied',
    );
    await expectCode(
      provider.copy({ path: '/mine.txt' }, at('/out', 'm.txt'), { conflict: 'fail' }),
      'PermissionDenied',
    );
    await expectCode(
      provider.move({ path: '/out' }, at('/', 'moved'), { conflict: 'fail' }),
      'PermissionDenied',
    );
    expect(await readFile(join(outside, 'victim.txt'), 'utf8')).toBe('original');
    await expect(lstat(join(outside, 'new.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(lstat(join(outside, 'm.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(lstat(join(outside, 'x'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a folder written into before once it has become a link', async () => {
    const { provider } = await freshProvider(tempDir);
    const outside = await tempDir();
    await mkdir(join(provider.root, 'd'));
    await provider.writeSmall(at('/d', 'first.txt'), bytes('1'), { conflict: 'fail' });
    await rename(join(provider.root, 'd'), join(provider.root, 'd-before'));
    await symlink(outside, join(provider.root, 'd'));
    await expectCode(
      provider.writeSmall(at('/d', 'second.txt'), bytes('2'), { conflict: 'fail' }),
      'PermissionDenied',
    );
    await expect(lstat(join(outside, 'second.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to replace a dangling link whose target lies outside the root', async () => {
    const { provider } = await freshProvider(tempDir);
    const outside = await tempDir();
    await symlink(join(outside, 'created.txt'), join(provider.root, 'dangling.txt'));
    await expectCode(
      provider.writeSmall(at('/', 'dangling.txt'), bytes('evil'), { conflict: 'replace' }),
      'PermissionDenied',
    );
    await expectCode(provider.read({ path: '/dangling.txt' }), 'PermissionDenied');
    await expect(lstat(join(outside, 'created.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not follow a link that points inside the root either', async () => {
    const { provider } = await freshProvider(tempDir);
    await mkdir(join(provider.root, 'real'));
    await writeFile(join(provider.root, 'real', 'f.txt'), 'inside');
    await symlink(join(provider.root, 'real'), join(provider.root, 'alias'));
    await expectCode(provider.read({ path: '/alias/f.txt' }), 'PermissionDenied');
    expect((await provider.listPage({ path: '/' })).entries.map((e) => e.name)).toEqual(['real']);
  });

  it('skips links when copying a folder', async () => {
    const { provider } = await freshProvider(tempDir);
    await mkdir(join(provider.root, 'src'));
    await writeFile(join(provider.root, 'src', 'keep.txt'), 'keep');
    await symlink('/etc/passwd', join(provider.root, 'src', 'passwd'));
    await provider.copy({ path: '/src' }, at('/', 'dst'), { conflict: 'fail' });
    const names = (await provider.listPage({ path: '/dst' })).entries.map((e) => e.name);
    expect(names).toEqual(['keep.txt']);
    await expect(lstat(join(provider.root, 'dst', 'passwd'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
