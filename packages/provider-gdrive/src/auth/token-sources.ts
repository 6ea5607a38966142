import { PolydriveError } from '@polydrive/core';
import type { AccessTokenSource } from '../api/access-token-source.js';
import type { GoogleDriveAuth } from './gdrive-auth.js';

/** A callback for callers who manage tokens themselves; `forceRefresh` is set after a 401. */
export type GetAccessToken = (request: {
  readonly forceRefresh: boolean;
  readonly signal?: AbortSignal;
}) => Promise<string> | string;

function checkToken(token: unknown): string {
  if (typeof token !== 'string' || token === '') {
    throw new PolydriveError('Unauthenticated', {
      message: 'The getAccessToken callback returned no access token.',
      advice: 'Return a non-empty Google access token from getAccessToken.',
      provider: 'gdrive',
    });
  }
  return token;
}

/** Tokens from a GoogleDriveAuth login, refreshed one at a time by core's TokenManager. */
export function authTokenSource(auth: GoogleDriveAuth): AccessTokenSource {
  return {
    getAccessToken: (signal) => auth.getAccessToken(signal ? { signal } : {}),
    refreshAccessToken: (rejected) => auth.forceRefresh(rejected),
  };
}

/** A fixed access token: nothing to refresh, so a 401 stays a 401. */
export function staticTokenSource(accessToken: string): AccessTokenSource {
  return {
    getAccessToken: async () => accessToken,
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
