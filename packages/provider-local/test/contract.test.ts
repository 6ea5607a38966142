import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeProvider } from '@polydrive/contract';
import { Drive } from '@polydrive/core';
import { createLocalProvider, type LocalProviderOptions } from '../src/index.js';

const roots: string[] = [];

async function driveOnTempRoot(options: Omit<LocalProviderOptions, 'root'>): Promise<Drive> {
  const root = await mkdtemp(join(tmpdir(), 'polydrive-local-contract-'));
  roots.push(root);
  return new Drive(await createLocalProvider({ root, ...options }));
}

async function removeRoots(): Promise<void> {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

describeProvider('local', () => driveOnTempRoot({}), { teardown: removeRoots });

describeProvider('local with sha256 hashes', () => driveOnTempRoot({ hashes: ['sha256'] }), {
  teardown: removeRoots,
});

describeProvider('local without fsync', () => driveOnTempRoot({ fsync: false }), {
  teardown: removeRoots,
});
