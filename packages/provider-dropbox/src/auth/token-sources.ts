import { PolydriveError, type TokenManager } from '@polydrive/core';

/**
 * Where requests get bearer tokens. `refreshAccessToken` is called once after a 401 with the token
 * Dropbox refused; it returns a newer token, or undefined when no newer one can be had.
 */
export interface AccessTokenSource {
  getAccessToken(signal?: AbortSignal): Promise<string>;
  refreshAccessToken(rejected: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** A callback for callers who manage tokens themselves; `forceRefresh` is set after a 401. */
export type GetAccessToken = (request: {
  readonly forceRefresh: boolean;
  readonly signal?: AbortSignal;
}) => Promise<string> | string;

function checkToken(token: unknown): string {
  if (typeof token !== 'string' || token === '') {
    throw new PolydriveError('Unauthenticated', {
      message: 'The getAccessToken callback returned no access token.',
      advice: 'Return a non-empty Dropbox access token from getAccessToken.',
      provider: 'dropbox',
    });
  }
  return token;
}

/** Tokens kept fresh by core's TokenManager (one refresh at a time, saved in the token store). */
export function managedTokenSource(manager: TokenManager): AccessTokenSource {
  return {
    getAccessToken: (signal) => manager.getAccessToken(signal ? { signal } : {}),
    refreshAccessToken: (rejected) => manager.forceRefresh(rejected),
  };
}

/** A fixed access token: nothing to refresh, so a 401 stays a 401. */
export function staticTokenSource(accessToken: string): AccessTokenSource {
  // One settled promise for every request, rather than a new one each time.
  const token = Promise.resolve(accessToken);
  return {
    getAccessToken: () => token,
    refreshAccessToken: async () => undefined,
  };
}

/** Tokens from the caller's own callback. */
export function callbackTokenSource(getAccessToken: GetAccessToken): AccessTokenSource {
  return {
    getAccessToken: async (signal) =>
      checkToken(await getAccessToken({ forceRefresh: false, ...(signal ? { signal } : {}) })),
    refreshAccessToken: async (rejected, signal) => {
      const fresh = checkToken(
        await getAccessToken({ forceRefresh: true, ...(signal ? { signal } : {}) }),
      );
      return fresh === rejected ? undefined : fresh;
    },
  };
}
