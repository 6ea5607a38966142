import { bodyForAttempt, type FetchLike, PolydriveError } from '@polydrive/core';
import type { AccessTokenSource } from './access-token-source.js';
import { type ErrorContext, errorFromResponse } from './graph-errors.js';
import { networkError } from './network-errors.js';

/** The real Microsoft Graph endpoint. */
export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

/** One request to Graph or to a pre-authenticated URL it handed out. */
export interface GraphRequest extends ErrorContext {
  readonly method: string;
  /** A path relative to the base URL (`/me/drive`) or an absolute URL. */
  readonly url: string;
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON with its Content-Type. */
  readonly json?: unknown;
  readonly body?: RequestInit['body'];
  readonly signal?: AbortSignal;
  /**
   * Send the bearer token (default). Upload, download and copy-monitor URLs are pre-authenticated
   * and must not get it: pass false.
   */
  readonly auth?: boolean;
  /** 'manual' to see redirects (content downloads) instead of following them. */
  readonly redirect?: RequestInit['redirect'];
}

/** Options of the Graph client. */
export interface GraphClientOptions {
  readonly baseUrl?: string;
  readonly tokens: AccessTokenSource;
  readonly fetch: FetchLike;
}

/**
 * A thin Graph client over fetch: resolves URLs against the base, adds the bearer token only on
 * Graph URLs, refreshes the token once after a 401 and replays the request, and maps network
 * failures. Throttling and 5xx are not retried here: the retry layer around the provider does that.
 */
export class GraphClient {
  readonly baseUrl: string;
  private readonly graphOrigin: string;
  private readonly graphPathPrefix: string;
  private readonly tokens: AccessTokenSource;
  private readonly fetchImpl: FetchLike;

  constructor(options: GraphClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, '');
    const base = new URL(this.baseUrl);
    this.graphOrigin = base.origin;
    // Graph URLs are everything next to the version segment, so `/beta` passes as well as `/v1.0`.
    this.graphPathPrefix = base.pathname.replace(/[^/]*$/, '');
    this.tokens = options.tokens;
    this.fetchImpl = options.fetch;
  }

  /** Resolves a relative Graph path (or keeps an absolute URL) and appends the query. */
  resolve(url: string, query?: GraphRequest['query']): string {
    const absolute = /^https?:\/\//i.test(url)
      ? url
      : `${this.baseUrl}${url.startsWith('/') ? '' : '/'}${url}`;
    if (!query) return absolute;
    const params = Object.entries(query)
      .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
      .map(([k, v]) => `${encodeQueryKey(k)}=${encodeURIComponent(String(v))}`);
    if (params.length === 0) return absolute;
    return `${absolute}${absolute.includes('?') ? '&' : '?'}${params.join('&')}`;
  }

  /** True when the URL belongs to the Graph API this client talks to (tokens may go there). */
  isGraphUrl(url: string): boolean {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    return parsed.origin === this.graphOrigin && parsed.pathname.startsWith(this.graphPathPrefix);
  }

  /** Sends the request and returns the response whatever its status. */
  async send(request: GraphRequest): Promise<Response> {
    const url = this.resolve(request.url, request.query);
    const auth = request.auth ?? true;
    const context = { operation: request.operation, target: request.target };
    if (auth && !this.isGraphUrl(url)) {
      throw new PolydriveError('InvalidArgument', {
        message: 'Refusing to send the OneDrive access token to a URL outside Microsoft Graph.',
        advice: `Pass a path relative to ${this.baseUrl}, or a cursor this provider returned.`,
        provider: 'onedrive',
        ...context,
      });
    }
    const headers = new Headers(request.headers);
    let body = request.body;
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(request.json);
    }
    const attempt = async (token: string | undefined): Promise<Response> => {
      if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
      try {
        return await this.fetchImpl(url, {
          method: request.method,
          headers,
          ...bodyForAttempt(body, headers),
          ...(request.signal ? { signal: request.signal } : {}),
          ...(request.redirect ? { redirect: request.redirect } : {}),
        });
      } catch (err) {
        throw networkError(err, request.signal, context);
      }
    };
    if (!auth) return attempt(undefined);
    const token = await this.tokens.getAccessToken(request.signal);
    const response = await attempt(token);
    if (response.status !== 401 || body instanceof ReadableStream) return response;
    const fresh = await this.tokens.refreshAccessToken(token, request.signal);
    if (fresh === undefined) return response;
    await response.body?.cancel();
    return attempt(fresh);
  }

  /** Sends the request and returns the parsed JSON body; throws the mapped error on failure. */
  async json<T>(request: GraphRequest): Promise<T> {
    const response = await this.send(request);
    return this.readJson<T>(response, request);
  }

  /** Sends the request, throws the mapped error on failure, and drops the body. */
  async noContent(request: GraphRequest): Promise<void> {
    const response = await this.send(request);
    if (!response.ok) throw await errorFromResponse(response, request);
    await response.body?.cancel();
  }

  /** Parses a response's JSON body, or throws the mapped Graph error when it is not a 2xx. */
  async readJson<T>(
    response: Response,
    context: ErrorContext & { signal?: AbortSignal },
  ): Promise<T> {
    const errorContext = { operation: context.operation, target: context.target };
    if (!response.ok) throw await errorFromResponse(response, errorContext);
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw networkError(err, context.signal, errorContext);
    }
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new PolydriveError('Transient', {
        message: `OneDrive answered HTTP ${response.status} with a body that is not JSON.`,
        provider: 'onedrive',
        ...errorContext,
        httpStatus: response.status,
        cause: err,
      });
    }
  }
}

// Graph's instance annotations (`@microsoft.graph.conflictBehavior`) and OData options (`$top`)
// are sent as written: '@' and '$' are legal in a query and some servers do not decode them.
function encodeQueryKey(key: string): string {
  return encodeURIComponent(key).replace(/%40/g, '@').replace(/%24/g, '$');
}
