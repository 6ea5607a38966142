import { PolydriveError } from '@polydrive/core';
import type { AccessTokenSource } from '../graph/access-token-source.js';
import type { OneDriveAuth } from './onedrive-auth.js';

/** A callback for callers who manage tokens themselves; `forceRefresh` is set after a 401. */
export type GetAccessToken = (request: {
  readonly forceRefresh: boolean;
  readonly signal?: AbortSignal;
}) => Promise<string> | string;

function checkToken(token: unknown): string {
  if (typeof token !== 'string' || token === '') {
    throw new PolydriveError('Unauthenticated', {
      message: 'The getAccessToken callback returned no access token.',
      advice: 'Return a non-empty Microsoft Graph access token from getAccessToken.',
      provider: 'onedrive',
    });
  }
  return token;
}

/** Tokens from an OneDriveAuth login: refreshed through msal, one refresh at a time. */
export function authTokenSource(auth: OneDriveAuth): AccessTokenSource {
  return {
    getAccessToken: (signal) => auth.getAccessToken(signal ? { signal } : {}),
    refreshAccessToken: (rejected) => auth.forceRefresh(rejected),
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
