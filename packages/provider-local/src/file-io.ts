import fs, { constants } from 'node:fs';
import { cancelledError } from '@polydrive/core';
import { settleVoid } from './fs-calls.js';

/**
 * Flags for opening an existing file to read: a symbolic link fails (ELOOP) instead of being
 * followed, and a pipe does not block the open.
 */
export const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Flags for opening an upload's staging file to append to it. */
export const APPEND_FLAGS = constants.O_RDWR | constants.O_NOFOLLOW;

/** Bytes written per call, so that an abort is noticed within one slice. */
export const WRITE_SLICE = 1024 * 1024;

/** Writes all of `data` to an open file at `position`, slice by slice, stopping with Cancelled on abort. */
export function writeAll(
  fd: number,
  data: Uint8Array,
  position: number,
  operation: string,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    writeAllThen(fd, data, position, operation, signal, settleVoid(resolve, reject));
  });
}

/** `writeAll` for a chain of node:fs callbacks: `done` gets null, or the error. */
export function writeAllThen(
  fd: number,
  data: Uint8Array,
  position: number,
  operation: string,
  signal: AbortSignal | undefined,
  done: (err: unknown) => void,
): void {
  let written = 0;
  const next = (): void => {
    // Before each slice, and once more when all is written.
    if (signal?.aborted) {
      done(cancelledError(signal, operation));
      return;
    }
    if (written === data.byteLength) {
      done(null);
      return;
    }
    const length = Math.min(WRITE_SLICE, data.byteLength - written);
    fs.write(fd, data, written, length, position + written, (err, count) => {
      if (err !== null) {
        done(err);
        return;
      }
      written += count;
      next();
    });
  };
  next();
}
