import { concatBytes } from '../streams/chunker.js';

/**
 * A fetch body that hands byte pieces over as they are. Given a typed array, Node's fetch (undici)
 * copies it before sending, which costs time and leaves a chunk-sized garbage buffer per request;
 * a stream is sent from the caller's bytes. Send it with `duplex: 'half'` and a Content-Length of
 * {@link byteLength}. It can be read once, so build one per attempt.
 */
export function byteStream(pieces: Uint8Array | readonly Uint8Array[]): ReadableStream<Uint8Array> {
  const list = pieces instanceof Uint8Array ? [pieces] : pieces;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of list) if (piece.byteLength > 0) controller.enqueue(piece);
      controller.close();
    },
  });
}

/** The total length of byte pieces. */
export function byteLength(pieces: readonly Uint8Array[]): number {
  let total = 0;
  for (const piece of pieces) total += piece.byteLength;
  return total;
}

/** The body fields of one fetch attempt. */
export interface AttemptBody {
  readonly body?: RequestInit['body'];
  readonly duplex?: 'half';
}

/**
 * Byte bodies from this size up are streamed from the caller's bytes. Below it fetch gets one
 * array: its copy costs less than a stream's setup and the extra socket writes it makes.
 */
export const STREAM_BODY_MIN_BYTES = 1024 * 1024;

/**
 * The body of one fetch attempt, made anew for each attempt so that a request can be replayed
 * (after a token refresh) from the same bytes. Bytes, given whole or in pieces, go as one array
 * below {@link STREAM_BODY_MIN_BYTES} and otherwise as a {@link byteStream} with an explicit
 * Content-Length, set on `headers` (a Headers, or a plain record, which fetch reads fastest). A
 * stream body is marked half-duplex, as undici requires; empty bodies, strings and other body
 * types pass through untouched.
 */
export function bodyForAttempt(
  body: RequestInit['body'] | readonly Uint8Array[] | undefined,
  headers: Headers | Record<string, string>,
): AttemptBody {
  if (body === undefined || body === null) return {};
  if (body instanceof ReadableStream) return { body, duplex: 'half' };
  if (Array.isArray(body)) {
    const length = byteLength(body);
    if (length >= STREAM_BODY_MIN_BYTES) return streamed(body, length, headers);
    return { body: concatBytes(body, length) };
  }
  if (!(body instanceof Uint8Array) || body.byteLength < STREAM_BODY_MIN_BYTES) {
    return { body: body as RequestInit['body'] };
  }
  return streamed(body, body.byteLength, headers);
}

function streamed(
  pieces: Uint8Array | readonly Uint8Array[],
  length: number,
  headers: Headers | Record<string, string>,
): AttemptBody {
  if (headers instanceof Headers) {
    headers.set('content-length', String(length));
  } else {
    // A record may spell the name in any case; fetch would send each spelling.
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-length') delete headers[name];
    }
    headers['content-length'] = String(length);
  }
  return { body: byteStream(pieces), duplex: 'half' };
}
