import type { PolydriveError } from '../errors/polydrive-error.js';

/** How to trim a body: bytes to drop at the start and the most to pass on after them. */
export interface StreamWindow {
  readonly skip: number;
  readonly limit?: number;
}

/**
 * Re-exposes a download body as a stream that fails with a PolydriveError (a dropped connection
 * becomes Transient, an abort Cancelled) and, when a server ignored the Range header and sent the
 * whole file, cuts out the requested window itself.
 */
export function downloadStream(
  body: ReadableStream<Uint8Array>,
  window: StreamWindow,
  mapError: (err: unknown) => PolydriveError,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let toSkip = window.skip;
  let left = window.limit ?? Number.POSITIVE_INFINITY;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (left <= 0) {
          controller.close();
          await reader.cancel().catch(() => undefined);
          return;
        }
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (err) {
          controller.error(mapError(err));
          return;
        }
        if (next.done) {
          controller.close();
          return;
        }
        let chunk = next.value;
        if (toSkip > 0) {
          const dropped = Math.min(toSkip, chunk.byteLength);
          toSkip -= dropped;
          chunk = chunk.subarray(dropped);
        }
        if (chunk.byteLength > left) chunk = chunk.subarray(0, left);
        if (chunk.byteLength === 0) continue;
        left -= chunk.byteLength;
        controller.enqueue(chunk);
        return;
      }
    },
    async cancel(reason) {
      await reader.cancel(reason);
    },
  });
}

/** A stream that ends at once. */
export function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.close();
    },
  });
}
