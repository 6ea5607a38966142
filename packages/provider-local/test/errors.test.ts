import { createDrive, PolydriveError } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { toPolydriveError } from '../src/fs-errors.js';
import { createLocalProvider, type LocalProviderOptions } from '../src/index.js';
import { useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe('file-system errors', () => {
  it.each([
    ['ENOENT', 'NotFound'],
    ['EEXIST', 'AlreadyExists'],
    ['ENOTDIR', 'NotAFolder'],
    ['EISDIR', 'NotAFile'],
    ['EACCES', 'PermissionDenied'],
    ['EPERM', 'PermissionDenied'],
    ['ENOSPC', 'QuotaExceeded'],
    ['EDQUOT', 'QuotaExceeded'],
    ['ENAMETOOLONG', 'InvalidArgument'],
    ['EMFILE', 'Transient'],
  ])('map %s to %s with the context and the errno', (errno, code) => {
    const cause = systemError(errno);
    const err = toPolydriveError(cause, { operation: 'writeSmall', target: '/a/b.txt' });
    expect(err).toMatchObject({
      code,
      provider: 'local',
      operation: 'writeSmall',
      target: '/a/b.txt',
      providerCode: errno,
    });
    expect(err.cause).toBe(cause);
    expect(err.advice.length).toBeGreaterThan(0);
  });

  it('tell the user what to do about a full disk', () => {
    const err = toPolydriveError(systemError('ENOSPC'), { operation: 'uploadChunk' });
    expect(err.message).toMatch(/Free up disk space/);
    expect(err.retryable).toBe(false);
  });

  it('turn anything unknown into Internal, keeping the cause', () => {
    const cause = new TypeError('boom');
    const err = toPolydriveError(cause, { operation: 'stat', target: '/x' });
    expect(err).toMatchObject({ code: 'Internal', provider: 'local', operation: 'stat' });
    expect(err.cause).toBe(cause);
  });

  it('add context to PolydriveErrors without changing their code', () => {
    const original = new PolydriveError('PreconditionFailed', { message: 'Changed.' });
    const err = toPolydriveError(original, { operation: 'delete', target: '/x' });
    expect(err).toMatchObject({
      code: 'PreconditionFailed',
      provider: 'local',
      operation: 'delete',
      target: '/x',
    });
  });
});

describe('createLocalProvider', () => {
  it('needs an existing absolute folder', async () => {
    await expect(createLocalProvider({ root: 'relative/dir' })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
    const root = await tempDir();
    await expect(createLocalProvider({ root: `${root}/missing` })).rejects.toMatchObject({
      code: 'NotFound',
    });
  });

  it('refuses unknown hash kinds', async () => {
    const root = await tempDir();
    await expect(createLocalProvider({ root, hashes: ['crc32' as 'sha1'] })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });

  it('refuses an option it does not know, naming the ones it does', async () => {
    const root = await tempDir();
    const error = await createLocalProvider({
      root,
      fsnyc: false,
    } as unknown as LocalProviderOptions).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'InvalidArgument', provider: 'local' });
    expect((error as Error).message).toContain('"fsnyc"');
    expect((error as Error).message).toContain('root, hashes, accountKey, fsync');
    await expect(createDrive(`local://${root}?fsync=false&hash=sha1`)).rejects.toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringContaining('"hash"'),
    });
    await expect(
      createLocalProvider({ root, accountKey: undefined } as LocalProviderOptions),
    ).resolves.toBeDefined();
  });

  it('names its account after the root unless told otherwise', async () => {
    const root = await tempDir();
    const provider = await createLocalProvider({ root });
    expect(provider.accountKey).toBe(`local:${provider.root}`);
    expect((await createLocalProvider({ root, accountKey: 'mine' })).accountKey).toBe('mine');
  });
});
