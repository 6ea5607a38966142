import { constants } from 'node:fs';
import { throwIfAborted } from '@polydrive/core';
import { writeFd } from './fs-calls.js';

/**
 * Flags for opening an existing file to read: a symbolic link fails (ELOOP) instead of being
 * followed, and a pipe does not block the open.
 */
export const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Flags for opening an upload's staging file to append to it. */
export const APPEND_FLAGS = constants.O_RDWR | constants.O_NOFOLLOW;

/** Bytes written per call, so that an abort is noticed within one slice. */
const WRITE_SLICE = 1024 * 1024;

/** Writes all of `data` to an open file at `position`, slice by slice, stopping with Cancelled on abort. */
export async function writeAll(
  fd: number,
  data: Uint8Array,
  position: number,
  operation: string,
  signal?: AbortSignal,
): Promise<void> {
  let done = 0;
  while (done < data.byteLength) {
    throwIfAborted(signal, operation);
    done += await writeFd(
      fd,
      data,
      done,
      Math.min(WRITE_SLICE, data.byteLength - done),
      position + done,
    );
  }
  throwIfAborted(signal, operation);
}
