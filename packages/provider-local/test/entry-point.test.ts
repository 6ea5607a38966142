import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDrive, hashBytes } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { localCapabilities, polydriveProvider } from '../src/index.js';
import { useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

describe('polydriveProvider', () => {
  it('is what the registry loads: a name, capabilities and a factory', async () => {
    expect(polydriveProvider.name).toBe('local');
    expect(polydriveProvider.capabilities).toBe(localCapabilities);
    const root = await tempDir();
    const provider = await polydriveProvider.create({ root });
    expect(provider.name).toBe('local');
    expect((await provider.stat({ path: '/' })).kind).toBe('folder');
  });

  it('declares what a folder on disk can honestly do', () => {
    expect(localCapabilities).toMatchObject({
      changes: false,
      stableIds: false,
      duplicateNames: false,
      uploadSession: true,
      uploadUnknownSize: true,
      conditionalWrite: true,
      serverSideCopy: true,
      serverSideFolderCopy: true,
      serverSideMove: true,
      hashes: [],
    });
  });
});

describe('the registry', () => {
  it('opens local:///abs/root URIs, with hash kinds listed by commas', async () => {
    const root = await tempDir();
    const drive = await createDrive(`local://${root}?hashes=sha1,md5`);
    expect(drive.name).toBe('local');
    expect(drive.capabilities.hashes).toEqual(['sha1', 'md5']);
    const entry = await drive.write('/a/b.txt', 'through the facade', { createParents: true });
    expect(entry.hashes).toEqual(hashBytes(['sha1', 'md5'], 'through the facade'));
    expect(await readFile(join(root, 'a', 'b.txt'), 'utf8')).toBe('through the facade');
  });
});
