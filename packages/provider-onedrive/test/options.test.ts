import { createDrive, isPolydriveError, registerProvider } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { createOneDriveProvider, parseOneDriveOptions, polydriveProvider } from '../src/index.js';
import { EMAIL, startOneDriveEmulator } from './support/emulator.js';

describe('OneDrive options', () => {
  it('converts URI strings: numbers, booleans and scope lists', () => {
    const options = parseOneDriveOptions({
      clientId: 'app',
      chunkSize: '655360',
      folderCacheTtlMs: '0',
      debug: 'true',
      scopes: 'Files.Read offline_access,User.Read',
    });
    expect(options).toEqual({
      clientId: 'app',
      chunkSize: 655360,
      folderCacheTtlMs: 0,
      debug: true,
      scopes: ['Files.Read', 'offline_access', 'User.Read'],
    });
  });

  it('refuses unknown keys and values of the wrong type instead of ignoring them', () => {
    expect(() => parseOneDriveOptions({ clientID: 'x' })).toThrow(
      /Unknown OneDrive option "clientID"/,
    );
    expect(() => parseOneDriveOptions({ chunkSize: 'big' })).toThrow(/chunkSize must be/);
    expect(() => parseOneDriveOptions({ debug: 'yes' })).toThrow(/debug must be true or false/);
  });

  it('refuses a chunk size Graph would reject', () => {
    let caught: unknown;
    try {
      createOneDriveProvider({ accessToken: 't', chunkSize: 1_000_000 });
    } catch (err) {
      caught = err;
    }
    expect(isPolydriveError(caught, 'InvalidArgument')).toBe(true);
    expect(String(caught)).toMatch(/multiple of 320 KiB/);
    const provider = createOneDriveProvider({ accessToken: 't', chunkSize: 20 * 327_680 });
    expect(provider.capabilities.chunkDefaultSize).toBe(20 * 327_680);
  });

  it('needs one source of tokens', async () => {
    await expect(polydriveProvider.create({})).rejects.toThrow(/needs a clientId/);
    await expect(
      polydriveProvider.create({ accessToken: 't', getAccessToken: () => 't' }),
    ).rejects.toThrow(/only one of accessToken, getAccessToken and auth/);
  });

  it('builds a working drive from a URI with string options', async () => {
    const emulator = await startOneDriveEmulator();
    try {
      emulator.microsoft.seed(EMAIL, { '/from-uri.txt': 'uri' });
      const { accessToken } = emulator.microsoft.mintToken(EMAIL);
      registerProvider('onedrive', polydriveProvider);
      const query = new URLSearchParams({
        accessToken,
        graphBaseUrl: emulator.urls.graph,
        chunkSize: String(2 * 327_680),
      });
      const drive = await createDrive(`onedrive:?${query}`);
      expect(drive.capabilities.chunkDefaultSize).toBe(2 * 327_680);
      expect(await drive.readText('/from-uri.txt')).toBe('uri');
    } finally {
      await emulator.stop();
    }
  });
});
