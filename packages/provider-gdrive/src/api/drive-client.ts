import { drive, type drive_v3, type MethodOptions } from '@googleapis/drive';
import {
  type AccessTokenSource,
  bodyForAttempt,
  type FetchLike,
  PolydriveError,
  type UrlScope,
  urlScope,
} from '@polydrive/core';
import { driveError, driveFailure, type ErrorContext, errorFromResponse } from './google-errors.js';
import { networkError } from './network-errors.js';

/** The real Drive host. */
export const DEFAULT_API_BASE_URL = 'https://www.googleapis.com';

/** What a call needs besides its parameters: the error context and an abort signal. */
export interface CallContext extends ErrorContext {
  readonly signal?: AbortSignal | undefined;
}

/** A response from an @googleapis/drive method, as this client hands it on. */
export interface ApiResponse<T> {
  readonly status: number;
  readonly data: T;
  readonly headers: Readonly<Record<string, string>>;
}

/** One raw request (resumable upload sessions, passthrough). */
export interface RawRequest extends CallContext {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: RequestInit['body'];
  /**
   * The body as byte pieces, sent one after another without a copy (instead of `body`); unlike a
   * stream body, it can be sent again after a token refresh.
   */
  readonly bytes?: readonly Uint8Array[];
  /** Send the bearer token (default). A resumable session URI is itself the credential: pass false. */
  readonly auth?: boolean;
  /**
   * What a redirect status does. 'error' (default) fails the request: the API does not redirect
   * its calls, and fetch copies every request it might have to redirect, body included, which
   * costs about a sixth of a small request's CPU. 'manual' hands the response back: a resumable
   * upload answers `308 Resume Incomplete`, and a passthrough shows the caller what came.
   */
  readonly redirect?: 'error' | 'manual';
}

/** Options of the Drive client. */
export interface DriveClientOptions {
  readonly tokens: AccessTokenSource;
  readonly fetch: FetchLike;
  readonly apiBaseUrl?: string;
}

type Invoke<T> = (options: MethodOptions) => Promise<{ status: number; data: T; headers: unknown }>;

/**
 * A thin layer over @googleapis/drive: every call gets the API root as its own `rootUrl` (a
 * per-API rootUrl is ignored by media uploads, wire reference E.1), the bearer token, `retry:
 * false` (retrying is the job of core's layers) and every status handed back, so Drive errors
 * are mapped here. After a 401 it refreshes the token once and replays the call.
 */
export class DriveClient {
  /** The generated Drive v3 client, without credentials of its own. */
  readonly api: drive_v3.Drive = drive({ version: 'v3' });
  readonly apiBaseUrl: string;
  private readonly tokens: AccessTokenSource;
  private readonly fetchImpl: FetchLike;

  /** The API root, parsed once; undefined when `apiBaseUrl` is no URL (nothing is sent then). */
  /** The URLs under the API root; none when the configured root is not a URL. */
  readonly #apiUrls: UrlScope | undefined;

  constructor(options: DriveClientOptions) {
    this.apiBaseUrl = (options.apiBaseUrl ?? DEFAULT_API_BASE_URL).replace(/\/+$/, '');
    this.tokens = options.tokens;
    this.fetchImpl = options.fetch;
    this.#apiUrls = urlScope(`${this.apiBaseUrl}/`);
  }

  /**
   * Calls a generated method. `invoke` must build its request afresh each time (a media body is
   * a new stream), because it may run twice.
   */
  async call<T>(
    context: CallContext,
    invoke: Invoke<T>,
    extra: Omit<MethodOptions, 'headers'> & { headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const { signal } = context;
    const errorContext = { operation: context.operation, target: context.target };
    const attempt = async (token: string) => {
      try {
        return await invoke({
          ...extra,
          rootUrl: `${this.apiBaseUrl}/`,
          headers: { ...extra.headers, authorization: `Bearer ${token}` },
          retry: false,
          validateStatus: () => true,
          fetchImplementation: this.fetchImpl as typeof fetch,
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        throw networkError(err, signal, errorContext);
      }
    };
    const token = await this.tokens.getAccessToken(signal);
    let response = await attempt(token);
    if (response.status === 401) {
      const fresh = await this.tokens.refreshAccessToken(token, signal);
      if (fresh !== undefined) {
        await discard(response.data);
        response = await attempt(fresh);
      }
    }
    const headers = toRecord(response.headers);
    if (response.status >= 200 && response.status < 300) {
      return { status: response.status, data: response.data, headers };
    }
    const body = await readBody(response.data).catch((err: unknown) => {
      throw networkError(err, signal, errorContext);
    });
    throw driveError(
      driveFailure(response.status, body, (name) => headers[name]),
      errorContext,
    );
  }

  /** Sends a raw request and returns the response whatever its status. */
  async send(request: RawRequest): Promise<Response> {
    const auth = request.auth ?? true;
    if (auth && !this.isApiUrl(request.url)) {
      throw new PolydriveError('InvalidArgument', {
        message: 'Refusing to send the Google access token to a URL outside the Drive API.',
        advice: `Pass a path relative to ${this.apiBaseUrl}/drive/v3, or an absolute URL on that host.`,
        provider: 'gdrive',
        operation: request.operation,
        target: request.target,
      });
    }
    const headers = new Headers(request.headers);
    if (!auth) return this.#fetch(request, headers);
    const token = await this.tokens.getAccessToken(request.signal);
    headers.set('authorization', `Bearer ${token}`);
    const response = await this.#fetch(request, headers);
    if (response.status !== 401 || request.body instanceof ReadableStream) return response;
    const fresh = await this.tokens.refreshAccessToken(token, request.signal);
    if (fresh === undefined) return response;
    await response.body?.cancel();
    headers.set('authorization', `Bearer ${fresh}`);
    return this.#fetch(request, headers);
  }

  /**
   * Sends a raw request and reads its JSON answer; a status outside 2xx becomes the mapped Drive
   * error, and a body cut short a Transient one, as for `call`.
   */
  async json<T>(request: RawRequest): Promise<T> {
    const response = await this.send(request);
    const context = { operation: request.operation, target: request.target };
    if (!response.ok) throw await errorFromResponse(response, context);
    try {
      return (await response.json()) as T;
    } catch (err) {
      throw networkError(err, request.signal, context);
    }
  }

  /** True when the URL is on the Drive API host (tokens may go there). */
  isApiUrl(url: string): boolean {
    return this.#apiUrls?.contains(url) ?? false;
  }

  /** One fetch attempt; the body is made afresh, as the request may be replayed. */
  async #fetch(request: RawRequest, headers: Headers): Promise<Response> {
    const body = bodyForAttempt(request.bytes ?? request.body, headers);
    try {
      return await this.fetchImpl(request.url, {
        method: request.method,
        headers,
        redirect: request.redirect ?? 'error',
        body: body.body,
        duplex: body.duplex,
        signal: request.signal,
      });
    } catch (err) {
      throw networkError(err, request.signal, {
        operation: request.operation,
        target: request.target,
      });
    }
  }
}

function toRecord(headers: unknown): Record<string, string> {
  if (headers instanceof Headers) return Object.fromEntries(headers);
  const out: Record<string, string> = {};
  if (headers && typeof headers === 'object') {
    for (const [key, value] of Object.entries(headers)) {
      if (typeof value === 'string') out[key.toLowerCase()] = value;
    }
  }
  return out;
}

/** The error body as JSON, text or nothing, whatever form gaxios handed it in. */
async function readBody(data: unknown): Promise<unknown> {
  if (data instanceof ReadableStream) return new Response(data).text();
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data;
}

async function discard(data: unknown): Promise<void> {
  if (data instanceof ReadableStream) await data.cancel().catch(() => undefined);
}
