import { constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { throwIfAborted } from '@polydrive/core';

/**
 * Flags for opening an existing file to read: a symbolic link fails (ELOOP) instead of being
 * followed, and a pipe does not block the open.
 */
export const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Flags for opening an upload's staging file to append to it. */
export const APPEND_FLAGS = constants.O_RDWR | constants.O_NOFOLLOW;

/** Bytes written per call, so that an abort is noticed within one slice. */
const WRITE_SLICE = 1024 * 1024;

/** Writes all of `data` at `position`, slice by slice, stopping with Cancelled on abort. */
export async function writeAll(
  handle: FileHandle,
  data: Uint8Array,
  position: number,
  operation: string,
  signal?: AbortSignal,
): Promise<void> {
  let done = 0;
  while (done < data.byteLength) {
    throwIfAborted(signal, operation);
    const { bytesWritten } = await handle.write(
      data,
      done,
      Math.min(WRITE_SLICE, data.byteLength - done),
      position + done,
    );
    done += bytesWritten;
  }
  throwIfAborted(signal, operation);
}
