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

function collect(stream: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (over) reject(new BodyTooLargeError(limit));
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total));
    });
    stream.on('error', reject);
    stream.on('close', () => {
      if (!stream.complete) reject(new Error('client closed the connection before the body ended'));
    });
  });
}
