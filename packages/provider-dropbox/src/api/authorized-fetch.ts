import type { AccessTokenSource, FetchLike } from '@polydrive/core';
import { bodyForAttempt } from '@polydrive/core';

/**
 * A fetch that reaches Dropbox for the SDK and for raw requests: it rewrites the real hosts to the
 * configured base URLs, sets `Authorization: Bearer` from the token source, sends a large byte
 * body (an upload chunk) without the copy fetch would make of it, and after a 401
 * `expired_access_token` (or `invalid_access_token`) refreshes once and sends the request again,
 * when its body can be sent twice.
 */
export function authorizedFetch(
  base: FetchLike,
  tokens: AccessTokenSource,
  rewrite: (url: string) => string,
): FetchLike {
  return async (input, init = {}) => {
    const url = rewrite(String(input instanceof Request ? input.url : input));
    const signal = init.signal ?? undefined;
    const token = await tokens.getAccessToken(signal);
    const first = await base(url, withBearer(init, token));
    if (first.status !== 401 || !replayable(init.body)) return first;
    const tag = await authErrorTag(first.clone());
    if (tag !== 'expired_access_token' && tag !== 'invalid_access_token') return first;
    const fresh = await tokens.refreshAccessToken(token, signal);
    if (fresh === undefined) return first;
    await first.body?.cancel();
    return base(url, withBearer(init, fresh));
  };
}

function withBearer(init: RequestInit, token: string): RequestInit {
  const given = init.headers;
  let headers: Headers | Record<string, string>;
  if (isHeaderRecord(given)) {
    // A plain record is what fetch reads fastest; a Headers would be built, then copied by fetch.
    headers = bearerRecord(given, token);
  } else {
    headers = new Headers(given);
    headers.set('authorization', `Bearer ${token}`);
  }
  return { ...init, headers, ...bodyForAttempt(init.body, headers) };
}

/** Headers given as a plain record (the SDK's and this package's own requests), or none. */
function isHeaderRecord(
  headers: RequestInit['headers'],
): headers is Record<string, string> | undefined {
  return headers === undefined || !(headers instanceof Headers || Array.isArray(headers));
}

const AUTHORIZATION = 'authorization';

/** The record's headers with `authorization` set, whatever the case of one given before. */
function bearerRecord(
  headers: Record<string, string> | undefined,
  token: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    if (name.length !== AUTHORIZATION.length || name.toLowerCase() !== AUTHORIZATION)
      out[name] = headers[name] as string;
  }
  out.authorization = `Bearer ${token}`;
  return out;
}

/** Bodies that can be sent a second time (a stream cannot). */
function replayable(body: RequestInit['body']): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer ||
    body instanceof URLSearchParams ||
    body instanceof Blob
  );
}

async function authErrorTag(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: { '.tag'?: unknown } };
    const tag = body.error?.['.tag'];
    return typeof tag === 'string' ? tag : undefined;
  } catch {
    return undefined;
  }
}
