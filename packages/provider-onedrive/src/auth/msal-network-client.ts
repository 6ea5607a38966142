import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { FetchLike } from '@polydrive/core';

/**
 * msal's HTTP module over a given fetch, with an optional URL rewrite. The rewrite lets msal keep
 * its real `https://login.microsoftonline.com` authority (and the metadata it ships for it, so no
 * discovery request is made) while requests go to a local emulator; the fetch lets token requests
 * share the caller's proxy and instrumentation.
 */
export function createMsalNetworkClient(
  fetchImpl: FetchLike,
  rewrite: (url: string) => string,
): INetworkModule {
  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeoutMs?: number,
  ): Promise<NetworkResponse<T>> {
    const response = await fetchImpl(rewrite(url), {
      method,
      headers: options?.headers ?? {},
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const text = await response.text();
    let body: unknown = {};
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        // msal reads `error` from the body; a non-JSON answer (a proxy page) becomes a plain error.
        body = { error: 'server_error', error_description: `HTTP ${response.status}` };
      }
    }
    return { headers, body: body as T, status: response.status };
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
