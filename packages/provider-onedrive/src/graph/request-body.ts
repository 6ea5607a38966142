/** The body fields of one fetch attempt. */
export interface AttemptBody {
  readonly body?: RequestInit['body'];
  readonly duplex?: 'half';
}

/**
 * The body of one fetch attempt. Given a typed array, undici copies it before sending, which costs
 * time and leaves a chunk-sized garbage buffer per request; a one-piece stream with an explicit
 * Content-Length is sent from the caller's bytes as they are. The stream is made anew for each
 * attempt, so a request can still be replayed (after a token refresh) from the same bytes.
 * Empty bodies, strings and other body types pass through untouched.
 */
export function bodyForAttempt(
  body: RequestInit['body'] | undefined,
  headers: Headers,
): AttemptBody {
  if (body === undefined || body === null) return {};
  // undici refuses a stream body unless the request says it is half-duplex.
  if (body instanceof ReadableStream) return { body, duplex: 'half' };
  if (!(body instanceof Uint8Array) || body.byteLength === 0) return { body };
  headers.set('content-length', String(body.byteLength));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
  return { body: stream, duplex: 'half' };
}
