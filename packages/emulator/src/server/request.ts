import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Thrown by {@link EmulatorRequest.body} when the body is larger than the limit given. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

/**
 * One request as a provider emulator sees it: the real host it was addressed to (the first path
 * segment) and the path within that host, still percent-encoded, so that colon forms and encoded
 * names can be parsed exactly as the real service would.
 */
export class EmulatorRequest {
  readonly method: string;
  readonly query: URLSearchParams;
  #body: Promise<Buffer> | undefined;

  constructor(
    readonly raw: IncomingMessage,
    /** The real host name, lower case, e.g. `graph.microsoft.com`. */
    readonly host: string,
    /** The raw path within the host, starting with `/`, without the query. */
    readonly path: string,
    /** The raw query string without `?`; empty when there is none. */
    readonly search: string,
    /** The id echoed in `request-id` headers and error bodies. */
    readonly requestId: string,
  ) {
    this.method = (raw.method ?? 'GET').toUpperCase();
    this.query = new URLSearchParams(search);
  }

  /** Request headers, lower-cased names, as Node parsed them. */
  get headers(): IncomingHttpHeaders {
    return this.raw.headers;
  }

  /** One header as a single string (repeated headers joined by `, `). */
  header(name: string): string | undefined {
    const value = this.raw.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** Whether the client announced a body (a non-zero Content-Length or a chunked encoding). */
  get hasBody(): boolean {
    const length = this.header('content-length');
    if (length !== undefined) return Number(length) > 0;
    return this.header('transfer-encoding') !== undefined;
  }

  /**
   * The whole body as one Buffer, read from the stream chunk by chunk. Bytes past `limit` are
   * read and discarded, then the promise rejects with {@link BodyTooLargeError}, so the client can
   * still receive an error response on an intact connection.
   */
  body(limit = Number.POSITIVE_INFINITY): Promise<Buffer> {
    this.#body ??= collect(this.raw, limit);
    return this.#body;
  }

  /**
   * Hands the body to `onChunk` piece by piece as it arrives, without keeping it, and resolves
   * with its length: large uploads are copied and hashed once, while the client still sends.
   * Bytes past `limit` are read and discarded, then the promise rejects with
   * {@link BodyTooLargeError}; it also rejects when `onChunk` throws or the client goes away. The
   * body counts as read afterwards: {@link body} gives an empty Buffer.
   */
  stream(onChunk: (chunk: Buffer) => void, limit = Number.POSITIVE_INFINITY): Promise<number> {
    if (this.#body) return Promise.reject(new Error('The request body was already read.'));
    const read = readBody(this.raw, onChunk, limit);
    this.#body = read.then(
      () => EMPTY,
      () => EMPTY,
    );
    return read;
  }

  /** The body parsed as JSON; an empty body gives `undefined`. */
  async json(limit = 4 * 1024 * 1024): Promise<unknown> {
    const bytes = await this.body(limit);
    if (bytes.length === 0) return undefined;
    return JSON.parse(bytes.toString('utf8'));
  }

  /** The body parsed as `application/x-www-form-urlencoded`. */
  async form(limit = 1024 * 1024): Promise<URLSearchParams> {
    return new URLSearchParams((await this.body(limit)).toString('utf8'));
  }

  /** Reads and discards whatever body is left, so a response can follow on a healthy connection. */
  async drain(): Promise<void> {
    try {
      await this.body(0);
    } catch {
      // The body was over the limit of 0 or the client went away: either way it is consumed.
    }
  }
}

const EMPTY = Buffer.alloc(0);

function collect(stream: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return readBody(stream, (chunk) => chunks.push(chunk), limit).then((total) =>
    chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total),
  );
}

function readBody(
  stream: IncomingMessage,
  onChunk: (chunk: Buffer) => void,
  limit: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let total = 0;
    let failure: unknown;
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) failure ??= new BodyTooLargeError(limit);
      if (failure !== undefined) return;
      try {
        onChunk(chunk);
      } catch (error) {
        failure = error;
      }
    });
    stream.on('end', () => (failure === undefined ? resolve(total) : reject(failure)));
    stream.on('error', reject);
    stream.on('close', () => {
      if (!stream.complete) reject(new Error('client closed the connection before the body ended'));
    });
  });
}
