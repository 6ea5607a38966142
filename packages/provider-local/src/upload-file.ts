import { lstat } from 'node:fs/promises';
import { errnoCode, PolydriveError } from '@polydrive/core';
import { APPEND_FLAGS, writeAll } from './file-io.js';
import { closeFd, flushFd, fstatFd, openFd, truncateFd } from './fs-calls.js';

/** The bytes an upload session's staging file holds: the offset to continue from. */
export async function uploadedBytes(file: string): Promise<number> {
  try {
    return (await lstat(file)).size;
  } catch (err) {
    throw errnoCode(err) === 'ENOENT' ? sessionGoneError(err) : err;
  }
}

/** Options of `appendChunk`. */
export interface AppendOptions {
  /** Flush the chunk to disk before returning. */
  readonly fsync: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Writes a chunk into an upload's staging file at `offset`, flushed to disk when asked. A chunk
 * sent again (its answer was lost) replaces whatever followed its start; a chunk that fails or
 * is aborted half way is cut back to `offset`, so the file only ever grows by whole chunks.
 */
export async function appendChunk(
  file: string,
  chunk: Uint8Array,
  offset: number,
  { fsync, signal }: AppendOptions,
): Promise<void> {
  const fd = await openFd(file, APPEND_FLAGS).catch((err: unknown) => {
    throw errnoCode(err) === 'ENOENT' ? sessionGoneError(err) : err;
  });
  try {
    const { size } = await fstatFd(fd);
    if (size < offset) {
      throw new PolydriveError('InvalidArgument', {
        message: `The chunk starts at byte ${offset} but the session has only ${size} bytes.`,
        advice: 'Ask uploadStatus for the offset and continue from there.',
      });
    }
    if (size > offset) await truncateFd(fd, offset);
    try {
      await writeAll(fd, chunk, offset, 'uploadChunk', signal);
      if (fsync) await flushFd(fd);
    } catch (err) {
      await truncateFd(fd, offset).catch(() => undefined);
      throw err;
    }
  } finally {
    await closeFd(fd);
  }
}

function sessionGoneError(cause: unknown): PolydriveError {
  return new PolydriveError('NotFound', {
    message:
      'The upload session is gone: it was completed or aborted, or its staging file was removed (idle sessions are swept after 7 days).',
    advice: 'Start the upload again from the beginning.',
    cause,
  });
}
