import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeProvider } from '@polydrive/contract';
import { Drive } from '@polydrive/core';
import { createLocalProvider } from '../src/index.js';

const roots: string[] = [];

async function driveOnTempRoot(hashes: boolean): Promise<Drive> {
  const root = await mkdtemp(join(tmpdir(), 'polydrive-local-contract-'));
  roots.push(root);
  return new Drive(await createLocalProvider({ root, ...(hashes ? { hashes: ['sha256'] } : {}) }));
}

async function removeRoots(): Promise<void> {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

describeProvider('local', () => driveOnTempRoot(false), { teardown: removeRoots });

describeProvider('local with sha256 hashes', () => driveOnTempRoot(true), {
  teardown: removeRoots,
});
