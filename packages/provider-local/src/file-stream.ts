import type { FileHandle } from 'node:fs/promises';
import { cancelledError, PolydriveError } from '@polydrive/core';
import { type ErrorContext, toPolydriveError } from './fs-errors.js';

/** Bytes per read: the stream holds about this much at a time. */
const READ_SIZE = 256 * 1024;

/**
 * A Web stream of the bytes `[start, end)` of an open file. The handle is closed when the
 * stream ends, fails, is cancelled or the signal fires; an abort errors the stream with
 * Cancelled. Reading through the handle keeps serving the file that was opened even if a write
 * renames new content over its name meanwhile.
 */
export function fileStream(
  handle: FileHandle,
  start: number,
  end: number,
  ctx: ErrorContext,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  let position = start;
  let closed = false;
  let onAbort: (() => void) | undefined;
  const release = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await handle.close().catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (!signal) return;
      onAbort = () => {
        controller.error(cancelledError(signal, ctx.operation));
        void release();
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      const want = Math.min(READ_SIZE, end - position);
      if (want <= 0) {
        await release();
        controller.close();
        return;
      }
      try {
        const buffer = new Uint8Array(want);
        const { bytesRead } = await handle.read(buffer, 0, want, position);
        if (closed) return;
        if (bytesRead === 0) {
          throw new PolydriveError('Conflict', {
            message: `The file became shorter while it was read (${position - start} of ${end - start} bytes read).`,
            advice: 'Another program changed the file; read it again.',
          });
        }
        position += bytesRead;
        controller.enqueue(buffer.subarray(0, bytesRead));
      } catch (err) {
        await release();
        controller.error(toPolydriveError(err, ctx));
      }
    },
    async cancel() {
      await release();
    },
  });
}
