import type { BigIntStats, Stats } from 'node:fs';
import fs from 'node:fs';

/*
 * The file-system calls of the hot paths (each write makes about eight, a listing one per entry),
 * as promises over node:fs's callback API on plain file descriptors. Measured on Node 20, each
 * costs about a quarter less CPU than its node:fs/promises twin, whose request objects and
 * FileHandle bookkeeping add up over thousands of calls. Errors are node:fs's own (with `code`).
 * Steps that run several calls in a row (staging a write, sealing it, resolving its folder)
 * chain the callbacks themselves under one promise. Either way, calls go through the `fs` object
 * so that tests can count them (flushes, for instance).
 */

/** A node:fs callback that settles a promise with the callback's value. */
function settle<T>(resolve: (value: T) => void, reject: (reason: unknown) => void) {
  return (err: NodeJS.ErrnoException | null, value: T): void => {
    if (err) reject(err);
    else resolve(value);
  };
}

/**
 * A callback without a value (node:fs's, or a chain of them) that settles a promise: null, or the
 * error.
 */
export function settleVoid(resolve: () => void, reject: (reason: unknown) => void) {
  return (err: unknown): void => {
    if (err) reject(err);
    else resolve();
  };
}

/**
 * `lstat` with nanosecond times and exact inode numbers, and what `map` makes of them, under one
 * promise (a `then` would add another for every entry); what `map` throws rejects it.
 */
export function lstatExact<T>(
  path: string,
  map: (st: BigIntStats) => T | PromiseLike<T>,
): Promise<T> {
  return new Promise((resolve, reject) => {
    fs.lstat(path, { bigint: true }, (err, st) => {
      if (err !== null) {
        reject(err);
        return;
      }
      try {
        resolve(map(st));
      } catch (mapErr) {
        reject(mapErr);
      }
    });
  });
}

/**
 * What `lstat` (nanosecond times, exact inode numbers) says about `abs`, or undefined when
 * nothing is there: one promise, where a wrapper around `lstatExact` would add another per call.
 */
export function lstatIfExists(abs: string): Promise<BigIntStats | undefined> {
  return new Promise((resolve, reject) => {
    fs.lstat(abs, { bigint: true }, (err, st) => {
      if (err === null) resolve(st);
      else if (err.code === 'ENOENT') resolve(undefined);
      else reject(err);
    });
  });
}

/** libc's `realpath`, through libuv (not node:fs's JavaScript one, which `lstat`s every segment). */
export function realpathOf(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    fs.realpath.native(path, settle(resolve, reject));
  });
}

/** Opens a file and resolves with its descriptor, which the caller must close. */
export function openFd(path: string, flags: string | number): Promise<number> {
  return new Promise((resolve, reject) => {
    fs.open(path, flags, 0o666, settle(resolve, reject));
  });
}

/** What `fstat` says about an open file. */
export function fstatFd(fd: number): Promise<Stats> {
  return new Promise((resolve, reject) => {
    fs.fstat(fd, settle(resolve, reject));
  });
}

/** `fstat` with nanosecond times and exact inode numbers. */
export function fstatExact(fd: number): Promise<BigIntStats> {
  return new Promise((resolve, reject) => {
    fs.fstat(fd, { bigint: true }, settle(resolve, reject));
  });
}

/** Cuts an open file to `length` bytes. */
export function truncateFd(fd: number, length: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.ftruncate(fd, length, settleVoid(resolve, reject));
  });
}

/** Flushes an open file's content and metadata to disk (fsync). */
export function flushFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.fsync(fd, settleVoid(resolve, reject));
  });
}

/** Closes a file descriptor. */
export function closeFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.close(fd, settleVoid(resolve, reject));
  });
}

/** Renames a file or folder, replacing a file at `to` (rename(2)). */
export function renamePath(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.rename(from, to, settleVoid(resolve, reject));
  });
}
