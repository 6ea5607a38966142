import {
  type FetchLike,
  type GetAccessToken,
  type Logger,
  PolydriveError,
  type TokenStore,
} from '@polydrive/core';
import type { GoogleDriveAuth } from './auth/gdrive-auth.js';

/** What to do when a path names several items (Drive lets a folder hold two with one name). */
export type DuplicatePolicy = 'error' | 'oldest' | 'newest';

/** Options of `createGoogleDriveProvider`. Give `clientId` (OAuth login), `accessToken`, `getAccessToken` or `auth`. */
export interface GoogleDriveProviderOptions {
  /** The OAuth client ID from Google Cloud (`...apps.googleusercontent.com`). */
  readonly clientId?: string;
  /** The client secret Google issues with the client ID (desktop clients have one too). */
  readonly clientSecret?: string;
  /** Default `http://127.0.0.1:8080/callback`. */
  readonly redirectUri?: string;
  /** Default `https://www.googleapis.com/auth/drive openid email`. */
  readonly scopes?: readonly string[];
  /** Where the login is kept. Default: core's encrypted FileTokenStore in the user's config folder. */
  readonly tokenStore?: TokenStore;
  /** Key of the login in the store, and the account's identity for pacing. Default `gdrive:{clientId}`. */
  readonly accountKey?: string;
  /** A shared drive to work in (its id); default the user's My Drive. */
  readonly driveId?: string;
  /** When a path names several items: `error` (default, listing their ids), or take the `oldest` or `newest`. */
  readonly duplicates?: DuplicatePolicy;
  /** How long resolved folder ids are trusted, in ms. Default 30 s; 0 resolves every path afresh. */
  readonly pathCacheTtlMs?: number;
  /**
   * How long what this drive knows of the names in a folder it created is trusted, in ms, so that
   * writes into it skip the name lookup (then the folder is listed again). Default 10 s; 0 looks
   * every name up.
   */
  readonly nameCacheTtlMs?: number;
  /** Resumable upload chunk size: a multiple of 256 KiB, at most 256 MiB. Default 8 MiB. */
  readonly chunkSize?: number;
  /** Stands in for `https://www.googleapis.com` (an emulator). */
  readonly apiBaseUrl?: string;
  /** Stands in for `https://oauth2.googleapis.com` (an emulator). */
  readonly oauthBaseUrl?: string;
  /** Stands in for `https://accounts.google.com` (an emulator). */
  readonly accountsBaseUrl?: string;
  /** A ready access token (no refresh: it works until it expires). */
  readonly accessToken?: string;
  /** A callback that returns access tokens, for callers who manage tokens themselves. */
  readonly getAccessToken?: GetAccessToken;
  /** An existing GoogleDriveAuth to take tokens from (it owns the login settings then). */
  readonly auth?: GoogleDriveAuth;
  readonly fetch?: FetchLike;
  readonly logger?: Logger;
  /** Log every HTTP request and response (secrets redacted) at debug level. */
  readonly debug?: boolean;
  /** Refresh the access token when it expires within this many ms. Default 5 minutes. */
  readonly refreshSkewMs?: number;
}

const STRING_KEYS = [
  'clientId',
  'clientSecret',
  'redirectUri',
  'accountKey',
  'driveId',
  'apiBaseUrl',
  'oauthBaseUrl',
  'accountsBaseUrl',
  'accessToken',
] as const;

const NUMBER_KEYS = ['chunkSize', 'refreshSkewMs', 'pathCacheTtlMs', 'nameCacheTtlMs'] as const;

const OBJECT_KEYS = ['tokenStore', 'getAccessToken', 'auth', 'fetch', 'logger'] as const;

const KNOWN = new Set<string>([
  ...STRING_KEYS,
  ...NUMBER_KEYS,
  ...OBJECT_KEYS,
  'scopes',
  'debug',
  'duplicates',
]);

function bad(key: string, expected: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `The Google Drive option ${key} must be ${expected}.`,
    advice: 'Fix the option in the drive configuration or URI.',
    provider: 'gdrive',
  });
}

/**
 * Checks options given as a plain record, as the registry passes them (URI query values are
 * strings: numbers, booleans and space- or comma-separated scopes are converted). Unknown keys are
 * refused rather than ignored.
 */
export function parseGoogleDriveOptions(raw: Record<string, unknown>): GoogleDriveProviderOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!KNOWN.has(key)) {
      throw new PolydriveError('InvalidArgument', {
        message: `Unknown Google Drive option ${JSON.stringify(key)}.`,
        advice: `Known options: ${[...KNOWN].sort().join(', ')}.`,
        provider: 'gdrive',
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
    } else if (key === 'duplicates') {
      if (value !== 'error' && value !== 'oldest' && value !== 'newest') {
        throw bad(key, "'error', 'oldest' or 'newest'");
      }
      out[key] = value;
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
  return out as GoogleDriveProviderOptions;
}
