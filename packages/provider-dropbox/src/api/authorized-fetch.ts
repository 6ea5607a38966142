import type { FetchLike } from '@polydrive/core';
import { byteStream } from '@polydrive/core';
import type { AccessTokenSource } from '../auth/token-sources.js';

/**
 * A fetch that reaches Dropbox for the SDK and for raw requests: it rewrites the real hosts to the
 * configured base URLs, sets `Authorization: Bearer` from the token source, sends a byte body
 * (the SDK's upload contents) without the copy fetch would make of it, and after a 401
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
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  const { body } = init;
  if (!(body instanceof Uint8Array) || body.byteLength === 0) return { ...init, headers };
  headers.set('content-length', String(body.byteLength));
  return { ...init, headers, body: byteStream(body), duplex: 'half' };
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
