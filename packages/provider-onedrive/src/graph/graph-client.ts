import {
  type AccessTokenSource,
  bodyForAttempt,
  type FetchLike,
  PolydriveError,
  type UrlScope,
  urlScope,
} from '@polydrive/core';
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
  /**
   * 'manual' to see redirects (content downloads) instead of following them. 'error' for uploads:
   * Graph does not redirect them and fetch could not replay their body anyway, while a request
   * that may follow a redirect is copied by fetch, body stream included: a fifth of fetch's work
   * for a small file.
   */
  readonly redirect?: RequestInit['redirect'];
}

/** Options of the Graph client. */
export interface GraphClientOptions {
  readonly baseUrl?: string;
  readonly tokens: AccessTokenSource;
  readonly fetch: FetchLike;
}

const ABSOLUTE_URL = /^https?:\/\//i;

// Query keys made only of characters encodeURIComponent keeps, or '@' and '$', go out unchanged.
const PLAIN_QUERY_KEY = /^[\w.!~*'()@$-]*$/;

/**
 * A thin Graph client over fetch: resolves URLs against the base, adds the bearer token only on
 * Graph URLs, refreshes the token once after a 401 and replays the request, and maps network
 * failures. Throttling and 5xx are not retried here: the retry layer around the provider does that.
 */
export class GraphClient {
  readonly baseUrl: string;
  /** Graph URLs: everything next to the version segment, so `/beta` passes as well as `/v1.0`. */
  private readonly graphUrls: UrlScope;
  private readonly tokens: AccessTokenSource;
  private readonly fetchImpl: FetchLike;

  constructor(options: GraphClientOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, '');
    const graphUrls = urlScope(this.baseUrl);
    if (!graphUrls) {
      throw new PolydriveError('InvalidArgument', {
        message: `The Graph base URL ${JSON.stringify(this.baseUrl)} is not a URL.`,
        advice: 'Pass an absolute URL such as https://graph.microsoft.com/v1.0 as graphBaseUrl.',
        provider: 'onedrive',
      });
    }
    this.graphUrls = graphUrls;
    this.tokens = options.tokens;
    this.fetchImpl = options.fetch;
  }

  /** Resolves a relative Graph path (or keeps an absolute URL) and appends the query. */
  resolve(url: string, query?: GraphRequest['query']): string {
    const absolute = ABSOLUTE_URL.test(url)
      ? url
      : url.startsWith('/')
        ? `${this.baseUrl}${url}`
        : `${this.baseUrl}/${url}`;
    if (!query) return absolute;
    let params = '';
    for (const key of Object.keys(query)) {
      const value = query[key];
      if (value === undefined) continue;
      params += `${params === '' ? '' : '&'}${encodeQueryKey(key)}=${encodeURIComponent(value)}`;
    }
    if (params === '') return absolute;
    return `${absolute}${absolute.includes('?') ? '&' : '?'}${params}`;
  }

  /** True when the URL belongs to the Graph API this client talks to (tokens may go there). */
  isGraphUrl(url: string): boolean {
    return this.graphUrls.contains(url);
  }

  /** Sends the request and returns the response whatever its status. */
  async send(request: GraphRequest): Promise<Response> {
    const url = this.resolve(request.url, request.query);
    const auth = request.auth ?? true;
    if (auth && !this.isGraphUrl(url)) {
      throw new PolydriveError('InvalidArgument', {
        message: 'Refusing to send the OneDrive access token to a URL outside Microsoft Graph.',
        advice: `Pass a path relative to ${this.baseUrl}, or a cursor this provider returned.`,
        provider: 'onedrive',
        operation: request.operation,
        target: request.target,
      });
    }
    const headers = new Headers(request.headers);
    let body = request.body;
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(request.json);
    }
    if (!auth) return this.attempt(request, url, headers, body);
    const token = await this.tokens.getAccessToken(request.signal);
    const response = await this.attempt(request, url, headers, body, token);
    if (response.status !== 401 || body instanceof ReadableStream) return response;
    const fresh = await this.tokens.refreshAccessToken(token, request.signal);
    if (fresh === undefined) return response;
    await response.body?.cancel();
    return this.attempt(request, url, headers, body, fresh);
  }

  /** Sends the request and returns the parsed JSON body; throws the mapped error on failure. */
  async json<T>(request: GraphRequest): Promise<T> {
    return this.readJson<T>(await this.send(request), request);
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
    if (!response.ok) throw await errorFromResponse(response, errorContextOf(context));
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      throw networkError(err, context.signal, errorContextOf(context));
    }
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new PolydriveError('Transient', {
        message: `OneDrive answered HTTP ${response.status} with a body that is not JSON.`,
        provider: 'onedrive',
        ...errorContextOf(context),
        httpStatus: response.status,
        cause: err,
      });
    }
  }

  /** One fetch of the request, with the token when one is given. */
  private async attempt(
    request: GraphRequest,
    url: string,
    headers: Headers,
    body: RequestInit['body'],
    token?: string,
  ): Promise<Response> {
    if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
    const sent = bodyForAttempt(body, headers);
    try {
      return await this.fetchImpl(url, {
        method: request.method,
        headers,
        body: sent.body,
        duplex: sent.duplex,
        signal: request.signal,
        redirect: request.redirect,
      });
    } catch (err) {
      throw networkError(err, request.signal, errorContextOf(request));
    }
  }
}

/** Only the operation and target of a request, for errors (never its headers or body). */
function errorContextOf(context: ErrorContext): ErrorContext {
  return { operation: context.operation, target: context.target };
}

// Graph's instance annotations (`@microsoft.graph.conflictBehavior`) and OData options (`$top`)
// are sent as written: '@' and '$' are legal in a query and some servers do not decode them.
function encodeQueryKey(key: string): string {
  if (PLAIN_QUERY_KEY.test(key)) return key;
  return encodeURIComponent(key).replace(/%40/g, '@').replace(/%24/g, '$');
}
