import { randomUUID } from 'node:crypto';
import { link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { errnoCode } from '../errors/errno.js';
import { PolydriveError } from '../errors/polydrive-error.js';
import { PRIVATE_FILE_MODE } from './atomic-file.js';
import { tokenFileError } from './fs-errors.js';

/** Tuning for a lock file shared by processes. */
export interface FileLockOptions {
  /** A lock held longer than this is presumed abandoned and taken over. Default 60 s. */
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

/**
 * Removes the lock at `lockPath` when its holder is gone: its process died on this host, or it
 * has held the lock for `staleMs`. Returns true when the lock is gone and worth retrying at once.
 */
async function takeOverIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let seen: string;
  let age: number;
  try {
    seen = await readFile(lockPath, 'utf8');
    const owner = parseOwner(seen);
    if (owner && owner.hostname === hostname() && !isProcessAlive(owner.pid)) {
      age = Number.POSITIVE_INFINITY;
    } else {
      // A lock without readable content is being written right now, or its writer crashed.
      age = Date.now() - (owner?.createdAt ?? (await stat(lockPath)).mtimeMs);
    }
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return true;
    throw err;
  }
  if (age < staleMs) return false;
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
    if ((await readFile(aside, 'utf8')) === seen) return true;
    await link(aside, lockPath).catch(() => undefined);
    return false;
  } finally {
    await rm(aside, { force: true });
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<string> {
  const staleMs = options.staleMs ?? 60_000;
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
    const content = JSON.stringify(owner);
    try {
      await writeFile(lockPath, content, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return content;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
    }
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

async function release(lockPath: string, content: string): Promise<void> {
  try {
    // A lock taken over as stale now belongs to someone else: leave it alone.
    if ((await readFile(lockPath, 'utf8')) === content) await rm(lockPath, { force: true });
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
}

/**
 * Runs `fn` while holding the lock file `lockPath`, across processes: the file is created with
 * O_EXCL and names its holder (pid, host, time); waiters retry with a growing delay and take over
 * a lock whose holder died or held it past `staleMs`. The lock is released however `fn` ends.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  let content: string;
  try {
    content = await acquire(lockPath, options);
  } catch (err) {
    throw tokenFileError(err, 'take the lock', lockPath);
  }
  try {
    return await fn();
  } finally {
    await release(lockPath, content).catch((err: unknown) => {
      throw tokenFileError(err, 'release the lock', lockPath);
    });
  }
}
