import { PolydriveError } from '@polydrive/core';

/** A pass-through stream that fails once more than `maxBytes` went through it. */
export interface ByteLimit {
  readonly stream: TransformStream<Uint8Array, Uint8Array>;
  /** True once the limit was passed. */
  readonly exceeded: boolean;
}

/**
 * Counts the bytes of an upload as they stream by and errors the stream past `maxBytes`, so a
 * body without Content-Length (or a lying one) cannot exceed the limit either.
 */
export function byteLimit(maxBytes: number, describeLimit: string): ByteLimit {
  let seen = 0;
  const state = { exceeded: false };
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) {
        state.exceeded = true;
        controller.error(uploadTooLarge(describeLimit));
        return;
      }
      controller.enqueue(chunk);
    },
  });
  return {
    stream,
    get exceeded() {
      return state.exceeded;
    },
  };
}

/** The error for an upload over the limit. */
export function uploadTooLarge(describeLimit: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `The upload is larger than the demo's limit of ${describeLimit}.`,
    advice: 'Set POLYDRIVE_DEMO_MAX_UPLOAD_MB to allow larger uploads, then restart the demo.',
  });
}
