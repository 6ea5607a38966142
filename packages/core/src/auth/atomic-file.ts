import { randomBytes } from 'node:crypto';
import { link, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errnoCode } from '../errors/errno.js';

/** Owner read/write only: token and key files hold secrets. */
export const PRIVATE_FILE_MODE = 0o600;

/** Owner only: the folder of the token store. */
export const PRIVATE_DIR_MODE = 0o700;

// The temp file lives next to the target so that the final rename or link stays on one file system.
async function writeTempFile(target: string, data: string | Uint8Array): Promise<string> {
  const temp = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  return temp;
}

/**
 * Replaces `target` with `data` so that a reader sees the old or the new content, never a mix:
 * a private temp file in the same folder is written, flushed to disk and renamed over it.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const temp = await writeTempFile(target, data);
  try {
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * Creates `target` with `data` unless it exists, atomically: a hard link fails when the name is
 * taken, so a reader never sees a half-written file. Returns false when `target` already existed.
 */
export async function createFileExclusive(
  target: string,
  data: string | Uint8Array,
): Promise<boolean> {
  const temp = await writeTempFile(target, data);
  try {
    await link(temp, target);
    return true;
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return false;
    throw err;
  } finally {
    await rm(temp, { force: true });
  }
}
