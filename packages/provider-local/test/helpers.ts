import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Destination } from '@polydrive/core';
import { PolydriveError } from '@polydrive/core';
import { afterEach } from 'vitest';
import { createLocalProvider, type LocalProviderOptions, STAGING_FOLDER } from '../src/index.js';

/** Registers cleanup and returns a factory of fresh temporary folders. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'polydrive-local-'));
    made.push(dir);
    return dir;
  };
}

/** A provider over a fresh temporary root. */
export async function freshProvider(
  tempDir: () => Promise<string>,
  options: Omit<LocalProviderOptions, 'root'> = {},
) {
  const root = await tempDir();
  return { root, provider: await createLocalProvider({ root, ...options }) };
}

/** UTF-8 bytes of a string. */
export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The whole content of a stream, decoded as UTF-8. */
export async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** A destination by parent path and name. */
export function at(parent: string, name: string): Destination {
  return { parent: { path: parent }, name };
}

/** What the staging folder holds (empty when it does not exist). */
export async function stagingItems(root: string): Promise<string[]> {
  return readdir(join(root, STAGING_FOLDER)).catch(() => []);
}

/**
 * A signal that reads as aborted from its `after`-th check on, to stop a write half way at a
 * known point (the provider checks between slices of 1 MiB).
 */
export function abortsAfter(after: number): AbortSignal {
  let checks = 0;
  const reason = new PolydriveError('Cancelled', { message: 'Stopped by the test.' });
  return {
    get aborted() {
      checks++;
      return checks > after;
    },
    reason,
  } as AbortSignal;
}
