import { randomUUID } from 'node:crypto';
import { type FileHandle, link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { errnoCode } from '../errors/errno.js';
import { PolydriveError } from '../errors/polydrive-error.js';
import { PRIVATE_FILE_MODE } from './atomic-file.js';
import { tokenFileError } from './fs-errors.js';

/** Tuning for a lock file shared by processes. */
export interface FileLockOptions {
  /**
   * A lock not renewed for this long is presumed abandoned and taken over; a live holder renews
   * it every third of this. Default 60 s.
   */
  readonly staleMs?: number;
  /** Give up waiting for the lock after this long. Default 120 s. */
  readonly timeoutMs?: number;
  /** First wait between attempts; it doubles up to `maxRetryDelayMs`. Default 10 ms. */
  readonly retryDelayMs?: number;
  /** Longest wait between attempts. Default 250 ms. */
  readonly maxRetryDelayMs?: number;
}

/** What a lock file says about its holder. */
interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** When the lock was taken, in milliseconds since the epoch. */
  readonly createdAt: number;
  /** Tells this holder apart from a later one with the same pid. */
  readonly nonce: string;
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, hostname, createdAt, nonce } = value as Record<string, unknown>;
    if (typeof pid !== 'number' || typeof createdAt !== 'number') return undefined;
    if (typeof hostname !== 'string' || typeof nonce !== 'string') return undefined;
    return { pid, hostname, createdAt, nonce };
  } catch {
    return undefined;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return errnoCode(err) === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The holder's heartbeat touches the lock file, so its mtime says when the holder was last alive.
const isStale = async (path: string, staleMs: number) =>
  Date.now() - (await stat(path)).mtimeMs >= staleMs;

/**
 * Removes the lock at `lockPath` when its holder is gone: its process died on this host, or it
 * has not renewed the lock for `staleMs`. Returns true when the lock is gone and worth retrying
 * at once.
 */
async function takeOverIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let seen: string;
  let dead: boolean;
  try {
    seen = await readFile(lockPath, 'utf8');
    // A lock without readable content (being written right now, or its writer crashed) is judged
    // by its age alone.
    const owner = parseOwner(seen);
    dead = owner !== undefined && owner.hostname === hostname() && !isProcessAlive(owner.pid);
    if (!dead && !(await isStale(lockPath, staleMs))) return false;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return true;
    throw err;
  }
  // Move the lock aside before deleting it: of several waiters that judged it stale, only one
  // rename succeeds, and a fresh lock taken meanwhile by someone else can be put back.
  const aside = `${lockPath}.${randomUUID()}.stale`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return true;
    throw err;
  }
  try {
    // Checked again on the moved file: its holder may have renewed it since we looked.
    if ((await readFile(aside, 'utf8')) === seen && (dead || (await isStale(aside, staleMs)))) {
      return true;
    }
    await link(aside, lockPath).catch(() => undefined);
    return false;
  } finally {
    await rm(aside, { force: true });
  }
}

/** A lock this process holds: its file's content and an open handle to renew it. */
interface HeldLock {
  readonly content: string;
  readonly handle: FileHandle;
}

/** Creates the lock file, or returns undefined when it exists already. */
async function create(lockPath: string, content: string): Promise<HeldLock | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(lockPath, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if (errnoCode(err) === 'EEXIST') return undefined;
    throw err;
  }
  try {
    await handle.writeFile(content);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
  return { content, handle };
}

async function acquire(lockPath: string, options: FileLockOptions, staleMs: number) {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxDelay = options.maxRetryDelayMs ?? 250;
  let delay = options.retryDelayMs ?? 10;
  const started = Date.now();
  for (;;) {
    const owner: LockOwner = {
      pid: process.pid,
      hostname: hostname(),
      createdAt: Date.now(),
      nonce: randomUUID(),
    };
    const held = await create(lockPath, JSON.stringify(owner));
    if (held) return held;
    if (await takeOverIfStale(lockPath, staleMs)) continue;
    if (Date.now() - started >= timeoutMs) {
      throw new PolydriveError('Transient', {
        message: `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for the lock ${lockPath}, held by another process.`,
        advice:
          'Retry when the other Polydrive process is done; if none is running, delete the lock file.',
      });
    }
    // Jitter keeps waiters that started together from retrying in lockstep.
    await sleep(delay / 2 + Math.random() * (delay / 2));
    delay = Math.min(delay * 2, maxDelay);
  }
}

/**
 * Touches the lock file every `everyMs` until the returned stop function is called, so that
 * waiters see a live holder however long it holds the lock. Through the handle it only ever
 * touches this holder's own file, even after a takeover. The timer never keeps the process alive.
 */
function keepFresh(handle: FileHandle, everyMs: number): () => Promise<void> {
  let stopped = false;
  let beat: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      const now = new Date();
      // A failed touch is retried at the next beat; the lock goes stale only if they all fail.
      beat = handle
        .utimes(now, now)
        .catch(() => undefined)
        .then(() => {
          if (!stopped) schedule();
        });
    }, everyMs);
    timer.unref();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await beat;
  };
}

async function removeIfOwned(lockPath: string, content: string): Promise<void> {
  try {
    // A lock taken over as stale now belongs to someone else: leave it alone.
    if ((await readFile(lockPath, 'utf8')) === content) await rm(lockPath, { force: true });
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
}

async function release(lockPath: string, { content, handle }: HeldLock): Promise<void> {
  // Closed before the removal: Windows keeps the name of a deleted file that is still open.
  await handle.close().finally(() => removeIfOwned(lockPath, content));
}

/**
 * Runs `fn` while holding the lock file `lockPath`, across processes: the file is created with
 * O_EXCL and names its holder (pid, host, time), and the holder touches it every `staleMs / 3`;
 * waiters retry with a growing delay and take over a lock whose holder died on this host or left
 * it untouched for `staleMs`. The lock is released however `fn` ends.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const staleMs = options.staleMs ?? 60_000;
  let held: HeldLock;
  try {
    held = await acquire(lockPath, options, staleMs);
  } catch (err) {
    throw tokenFileError(err, 'take the lock', lockPath);
  }
  const stopRenewing = keepFresh(held.handle, Math.max(1, Math.floor(staleMs / 3)));
  try {
    return await fn();
  } finally {
    await stopRenewing();
    await release(lockPath, held).catch((err: unknown) => {
      throw tokenFileError(err, 'release the lock', lockPath);
    });
  }
}
