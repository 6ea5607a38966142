import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PolydriveError } from '@polydrive/core';
import { ensurePrivateDir } from './config-dir.js';

/** The errno code of a Node file-system error. */
export function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

/**
 * Writes a file readable by the user only (0600), atomically: a reader sees the old content or
 * the new, never half (a crash mid-write must not lose the config or an upload's state).
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await ensurePrivateDir(dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw fileError(err, 'write', path);
  }
}

/** A file's text, or undefined when it does not exist. */
export async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return undefined;
    throw fileError(err, 'read', path);
  }
}

/** The names in a folder, or none when it does not exist. */
export async function readOptionalDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return [];
    throw fileError(err, 'read', path);
  }
}

function fileError(err: unknown, action: string, path: string): PolydriveError {
  const code = errnoOf(err);
  const denied = code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
  return new PolydriveError(denied ? 'PermissionDenied' : 'Internal', {
    message: `Could not ${action} ${path}${code ? ` (${code})` : ''}.`,
    advice: denied
      ? 'Give your user access to that folder, or set POLYDRIVE_CONFIG_DIR to a writable one.'
      : 'Check the folder and the disk, then try again.',
    cause: err,
  });
}
