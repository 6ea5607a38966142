import { PolydriveError } from '../errors/polydrive-error.js';

/**
 * Where a provider's requests get bearer tokens. `refreshAccessToken` is called once after a 401
 * with the token the provider refused; it returns a newer token, or undefined when no newer one
 * can be had (the 401 then stands).
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

/**
 * Anything that keeps a login's tokens fresh: core's TokenManager, or a provider's auth object
 * built on it.
 */
export interface RefreshingTokens {
  getAccessToken(options?: { signal?: AbortSignal }): Promise<string>;
  forceRefresh(rejected?: string): Promise<string>;
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

/** Tokens kept fresh by a login (one refresh at a time, saved in its token store). */
export function managedTokenSource(tokens: RefreshingTokens): AccessTokenSource {
  return {
    getAccessToken: (signal) => tokens.getAccessToken(signal ? { signal } : {}),
    refreshAccessToken: (rejected) => tokens.forceRefresh(rejected),
  };
}

/** What a callback source says in its errors: the provider and whose tokens it hands out. */
export interface CallbackTokenSourceOptions {
  /** Provider name, e.g. `onedrive`. */
  readonly provider: string;
  /** Whose access token the callback must return, e.g. `Microsoft Graph`. */
  readonly service: string;
}

/** Tokens from the caller's own callback; a refresh that returns the refused token is none. */
export function callbackTokenSource(
  getAccessToken: GetAccessToken,
  options: CallbackTokenSourceOptions,
): AccessTokenSource {
  const checked = (token: unknown): string => {
    if (typeof token === 'string' && token !== '') return token;
    throw new PolydriveError('Unauthenticated', {
      message: 'The getAccessToken callback returned no access token.',
      advice: `Return a non-empty ${options.service} access token from getAccessToken.`,
      provider: options.provider,
    });
  };
  return {
    getAccessToken: async (signal) =>
      checked(await getAccessToken({ forceRefresh: false, ...(signal ? { signal } : {}) })),
    refreshAccessToken: async (rejected, signal) => {
      const fresh = checked(
        await getAccessToken({ forceRefresh: true, ...(signal ? { signal } : {}) }),
      );
      return fresh === rejected ? undefined : fresh;
    },
  };
}
