import {
  type FetchLike,
  type GetAccessToken,
  type Logger,
  PolydriveError,
  type TokenStore,
} from '@polydrive/core';

/**
 * Options of `createDropboxProvider`. Give `clientId` (with a login saved in the token store, or
 * a `refreshToken`), `accessToken` or `getAccessToken`.
 */
export interface DropboxProviderOptions {
  /** The app key, from the Dropbox App Console. */
  readonly clientId?: string;
  /** The app secret; leave out for PKCE (public) apps. */
  readonly clientSecret?: string;
  /** A refresh token from an offline login: connects with configuration alone (kept in memory). */
  readonly refreshToken?: string;
  /** Default `http://localhost:8080/callback`; register it in the App Console. */
  readonly redirectUri?: string;
  /** Scopes to ask for at login; default the scopes enabled for the app. */
  readonly scopes?: readonly string[];
  /** Where the login is kept. Default: core's encrypted FileTokenStore in the user's config folder. */
  readonly tokenStore?: TokenStore;
  /** Key of the login in the store, and the account's identity for pacing. Default `dropbox:{clientId}`. */
  readonly accountKey?: string;
  /** A ready access token (no refresh: it works until it expires). */
  readonly accessToken?: string;
  /** A callback that returns access tokens, for callers who manage tokens themselves. */
  readonly getAccessToken?: GetAccessToken;
  /** Stands in for `https://api.dropboxapi.com` (an emulator). */
  readonly apiBaseUrl?: string;
  /** Stands in for `https://content.dropboxapi.com`. */
  readonly contentBaseUrl?: string;
  /** Stands in for `https://dropbox.com` (the consent page). */
  readonly webBaseUrl?: string;
  /** Files larger than this use an upload session: at most 150 MiB. Default 8 MiB. */
  readonly uploadThreshold?: number;
  /** Upload session chunk size: a multiple of 4 MiB, at most 148 MiB. Default 48 MiB. */
  readonly chunkSize?: number;
  /**
   * The longest a small-file commit waits for others still uploading their bytes, to share one
   * batch with them. Default 10 ms.
   */
  readonly batchWindowMs?: number;
  /**
   * How long a folder found to exist is trusted to, in ms, so that writes into it skip the look at
   * the parent. Default 10 s; 0 looks at the parent before every write.
   */
  readonly folderCacheTtlMs?: number;
  /** First and longest wait between polls of an async sharing job, in ms. Default 100 and 2000. */
  readonly jobPollInitialMs?: number;
  readonly jobPollMaxMs?: number;
  /** Refresh the access token when it expires within this many ms. Default 5 minutes. */
  readonly refreshSkewMs?: number;
  readonly fetch?: FetchLike;
  readonly logger?: Logger;
  /** Log every HTTP request and response (secrets redacted) at debug level. */
  readonly debug?: boolean;
}

const STRING_KEYS = [
  'clientId',
  'clientSecret',
  'refreshToken',
  'redirectUri',
  'accountKey',
  'accessToken',
  'apiBaseUrl',
  'contentBaseUrl',
  'webBaseUrl',
] as const;

const NUMBER_KEYS = [
  'uploadThreshold',
  'chunkSize',
  'batchWindowMs',
  'folderCacheTtlMs',
  'jobPollInitialMs',
  'jobPollMaxMs',
  'refreshSkewMs',
] as const;

const OBJECT_KEYS = ['tokenStore', 'getAccessToken', 'fetch', 'logger'] as const;

const KNOWN = new Set<string>([...STRING_KEYS, ...NUMBER_KEYS, ...OBJECT_KEYS, 'scopes', 'debug']);

function bad(key: string, expected: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `The Dropbox option ${key} must be ${expected}.`,
    advice: 'Fix the option in the drive configuration or URI.',
    provider: 'dropbox',
  });
}

/**
 * Checks options given as a plain record, as the registry passes them (`dropbox:?clientId=...`
 * gives strings: numbers, booleans and space- or comma-separated scopes are converted). Unknown
 * keys are refused rather than ignored.
 */
export function parseDropboxOptions(raw: Record<string, unknown>): DropboxProviderOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!KNOWN.has(key)) {
      throw new PolydriveError('InvalidArgument', {
        message: `Unknown Dropbox option ${JSON.stringify(key)}.`,
        advice: `Known options: ${[...KNOWN].sort().join(', ')}.`,
        provider: 'dropbox',
      });
    }
    if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'string' || value === '') throw bad(key, 'a non-empty string');
      out[key] = value;
    } else if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
        throw bad(key, 'a non-negative number');
      }
      out[key] = n;
    } else if (key === 'debug') {
      if (typeof value === 'boolean') out[key] = value;
      else if (value === 'true' || value === '1') out[key] = true;
      else if (value === 'false' || value === '0') out[key] = false;
      else throw bad(key, 'true or false');
    } else if (key === 'scopes') {
      const list = typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value;
      if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string')) {
        throw bad(key, 'a list of scope names');
      }
      out[key] = list;
    } else {
      const wanted = key === 'getAccessToken' || key === 'fetch' ? 'function' : 'object';
      if (typeof value !== wanted || value === null) throw bad(key, `a ${wanted}`);
      out[key] = value;
    }
  }
  return out as DropboxProviderOptions;
}
