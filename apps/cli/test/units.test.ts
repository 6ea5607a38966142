import { PolydriveError } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { maskOptions } from '../src/config/secrets.js';
import { EXIT, exitCodeFor } from '../src/errors/exit-codes.js';
import { parseSize } from '../src/options/size.js';
import { parsePlaceArg } from '../src/places/place-arg.js';

describe('path arguments', () => {
  it('reads NAME:/path as a remote path, from the root', () => {
    expect(parsePlaceArg('disk:/a/b.txt', '/cwd', 'linux')).toEqual({
      kind: 'remote',
      remote: 'disk',
      path: '/a/b.txt',
      folder: false,
    });
    expect(parsePlaceArg('Disk:', '/cwd', 'linux')).toMatchObject({
      remote: 'disk',
      path: '/',
      folder: true,
    });
    expect(parsePlaceArg('disk:docs/', '/cwd', 'linux')).toMatchObject({
      path: '/docs/',
      folder: true,
    });
  });

  it('reads anything else as a local path, from the working folder', () => {
    expect(parsePlaceArg('notes/a.txt', '/cwd', 'linux')).toEqual({
      kind: 'local',
      path: '/cwd/notes/a.txt',
      folder: false,
    });
    expect(parsePlaceArg('./odd:name', '/cwd', 'linux')).toMatchObject({
      kind: 'local',
      path: '/cwd/odd:name',
    });
    expect(parsePlaceArg('/abs/dir/', '/cwd', 'linux')).toMatchObject({
      kind: 'local',
      folder: true,
    });
  });

  it('keeps a Windows drive letter local on Windows only', () => {
    expect(parsePlaceArg('C:\\files\\a.txt', 'C:\\cwd', 'win32').kind).toBe('local');
    expect(parsePlaceArg('c:/a', '/cwd', 'linux')).toMatchObject({ kind: 'remote', remote: 'c' });
  });
});

describe('sizes', () => {
  it('reads bytes and binary units', () => {
    expect(parseSize('1048576')).toBe(1048576);
    expect(parseSize('256K')).toBe(256 * 1024);
    expect(parseSize('10M')).toBe(10 * 1024 * 1024);
    expect(parseSize('1GiB')).toBe(1024 ** 3);
    expect(parseSize('1.5k')).toBe(1536);
  });

  it('refuses what is not a size', () => {
    for (const bad of ['', 'x', '-1', '0', '5T', '10 MBs']) expect(() => parseSize(bad)).toThrow();
  });
});

describe('secrets', () => {
  it('masks credentials and keeps the rest', () => {
    expect(
      maskOptions({
        clientId: 'id',
        clientSecret: 's3cret',
        accessToken: 'tok',
        password: 'pw',
        apiKey: 'k',
        accountKey: 'onedrive:me',
        root: '/srv',
      }),
    ).toEqual({
      clientId: 'id',
      clientSecret: '********',
      accessToken: '********',
      password: '********',
      apiKey: '********',
      accountKey: 'onedrive:me',
      root: '/srv',
    });
  });
});

describe('exit codes', () => {
  const of = (code: ConstructorParameters<typeof PolydriveError>[0]) =>
    exitCodeFor(new PolydriveError(code, { message: 'x' }));

  it('gives each class of failure its documented status', () => {
    expect(of('InvalidArgument')).toBe(2);
    expect(of('NotAFile')).toBe(2);
    expect(of('NotFound')).toBe(3);
    expect(of('AlreadyExists')).toBe(4);
    expect(of('Conflict')).toBe(4);
    expect(of('PreconditionFailed')).toBe(4);
    expect(of('Unauthenticated')).toBe(5);
    expect(of('PermissionDenied')).toBe(5);
    expect(of('RateLimited')).toBe(6);
    expect(of('Transient')).toBe(6);
    expect(of('Unsupported')).toBe(7);
    expect(of('QuotaExceeded')).toBe(8);
    expect(of('Cancelled')).toBe(130);
    expect(of('Internal')).toBe(1);
    expect(of('IntegrityError')).toBe(1);
    expect(exitCodeFor(new Error('boom'))).toBe(EXIT.unexpected);
  });
});
