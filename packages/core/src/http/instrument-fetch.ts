import { consoleLogger, type Logger } from '../layers/logger.js';
import { currentAttempt, enableAttemptTracking } from './attempt-context.js';
import { redactSecrets, redactUrl } from './redact.js';
import { parseRetryAfter } from './retry-after.js';

/** The part of `fetch` providers use; the global `fetch` is one. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Response headers that carry a provider's request id, most specific first. Google's
 * `x-guploader-uploadid` is left out on purpose: it repeats the `upload_id` of a resumable
 * session, which lets anyone holding it write to that upload.
 */
export const REQUEST_ID_HEADERS: readonly string[] = [
  'request-id',
  'client-request-id',
  'x-request-id',
  'x-dropbox-request-id',
];

/** Options of `instrumentFetch`. */
export interface InstrumentFetchOptions {
  /** Provider name for the log lines, e.g. `onedrive`. */
  readonly provider: string;
  /** Where lines go (default: the console, debug level and up). */
  readonly logger?: Logger;
  /** Log requests (default: the environment variable POLYDRIVE_DEBUG is `1`, read once here). */
  readonly debug?: boolean;
}

/**
 * Wraps a fetch so that, in debug mode, each request is logged at `debug` level with its method,
 * redacted URL, status, duration, retry attempt (`currentAttempt()`), Retry-After and the
 * provider's request id. Headers and bodies are never logged. Outside debug mode it returns
 * `fetchImpl` itself, at no cost.
 */
export function instrumentFetch(fetchImpl: FetchLike, options: InstrumentFetchOptions): FetchLike {
  if (!(options.debug ?? process.env.POLYDRIVE_DEBUG === '1')) return fetchImpl;
  enableAttemptTracking();
  const { provider } = options;
  const logger = options.logger ?? consoleLogger('debug');
  return async (input, init) => {
    const method = (
      init?.method ?? (input instanceof Request ? input.method : 'GET')
    ).toUpperCase();
    const url = redactUrl(input instanceof Request ? input.url : input);
    const attempt = currentAttempt() ?? 1;
    const started = performance.now();
    const request = `${provider} ${method} ${url}`;
    try {
      const response = await fetchImpl(input, init);
      const durationMs = Math.round(performance.now() - started);
      const requestId = requestIdOf(response.headers);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      logger.debug(`${request} -> ${response.status} in ${durationMs} ms (attempt ${attempt})`, {
        provider,
        method,
        url,
        status: response.status,
        durationMs,
        attempt,
        requestId,
        retryAfterMs,
      });
      return response;
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      logger.debug(`${request} failed in ${durationMs} ms (attempt ${attempt})`, {
        provider,
        method,
        url,
        durationMs,
        attempt,
        error: redactSecrets(
          error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        ),
      });
      throw error;
    }
  };
}

/** The provider's request id from response headers, if it sent one. */
export function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}
