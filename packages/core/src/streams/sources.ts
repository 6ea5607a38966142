import type { Readable } from 'node:stream';
import { PolydriveError } from '../errors/polydrive-error.js';

/**
 * Anything `drive.write` accepts: text (written as UTF-8), bytes, a Blob, a Node Readable, a
 * Web ReadableStream, or any (async) iterable of byte or string chunks. Chunks are read without
 * copying where possible, so an iterable must not change a chunk after yielding it (Node and Web
 * streams never do), and bytes passed whole must not change until the write settles.
 */
export type WriteSource =
  | string
  | Uint8Array
  | ArrayBuffer
  | Blob
  | Readable
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array>;

const encoder = new TextEncoder();

/** The byte length of a source when it can be known without reading it. */
export function knownSourceSize(source: WriteSource): number | undefined {
  if (typeof source === 'string') return Buffer.byteLength(source, 'utf8');
  if (source instanceof Uint8Array) return source.byteLength;
  if (source instanceof ArrayBuffer) return source.byteLength;
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source.size;
  return undefined;
}

/** The bytes of a source that holds them all already (text, bytes, an ArrayBuffer), uncopied. */
export function wholeBytes(source: WriteSource): Uint8Array | undefined {
  if (typeof source === 'string') return encoder.encode(source);
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  return undefined;
}

/** Turns any WriteSource into an async iterable of byte chunks, without buffering it. */
export async function* sourceChunks(source: WriteSource): AsyncGenerator<Uint8Array> {
  const whole = wholeBytes(source);
  if (whole !== undefined) {
    yield whole;
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    yield* sourceChunks(source.stream());
    return;
  }
  if (isIterable(source) || isAsyncIterable(source)) {
    const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]
      ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]()
      : toAsync((source as Iterable<unknown>)[Symbol.iterator]());
    for (;;) {
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (err) {
        if (err instanceof PolydriveError) throw err;
        throw new PolydriveError('InvalidArgument', {
          message: `Reading the source failed: ${err instanceof Error ? err.message : String(err)}`,
          advice: 'Check the source stream; nothing was written.',
          cause: err,
        });
      }
      if (next.done) return;
      yield toBytes(next.value);
    }
  }
  throw new PolydriveError('InvalidArgument', {
    message: `Cannot write a ${describe(source)}.`,
    advice:
      'Pass a string, Uint8Array, Blob, Node Readable, Web ReadableStream or an async iterable of Uint8Array.',
  });
}

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (typeof chunk === 'string') return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new PolydriveError('InvalidArgument', {
    message: `A source chunk was a ${describe(chunk)}, not bytes.`,
    advice: 'Make the stream yield Uint8Array (or Buffer) chunks; object-mode streams are refused.',
  });
}

function toAsync(iterator: Iterator<unknown>): AsyncIterator<unknown> {
  return { next: async () => iterator.next() };
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return v != null && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

function isIterable(v: unknown): v is Iterable<unknown> {
  return v != null && typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
