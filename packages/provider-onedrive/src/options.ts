import {
  type FetchLike,
  type GetAccessToken,
  type Logger,
  PolydriveError,
  type TokenStore,
} from '@polydrive/core';
import type { OneDriveAuth } from './auth/onedrive-auth.js';

/** Options of `createOneDriveProvider`. Give `clientId` (msal login), `accessToken`, `getAccessToken` or `auth`. */
export interface OneDriveProviderOptions {
  /** The Application (client) ID of the app registration in Microsoft Entra ID. */
  readonly clientId?: string;
  /** The client secret of a confidential (web) app; leave out for a public client. */
  readonly clientSecret?: string;
  /** `common` (default), `organizations`, `consumers`, or a tenant id or domain. */
  readonly tenant?: string;
  /** Default `http://localhost:8080/callback`. */
  readonly redirectUri?: string;
  /** Default `Files.ReadWrite.All offline_access User.Read`. */
  readonly scopes?: readonly string[];
  /** Where the login is kept. Default: core's encrypted FileTokenStore in the user's config folder. */
  readonly tokenStore?: TokenStore;
  /** Key of the login in the store, and the account's identity for pacing. */
  readonly accountKey?: string;
  /** Username to pick when the stored cache holds several accounts. */
  readonly account?: string;
  /** A drive id (`/drives/{id}`); default the signed-in user's OneDrive (`/me/drive`). */
  readonly driveId?: string;
  /** A SharePoint site id: its default document library (`/sites/{id}/drive`). */
  readonly siteId?: string;
  /** Default `https://graph.microsoft.com/v1.0`. */
  readonly graphBaseUrl?: string;
  /** Stands in for `https://login.microsoftonline.com` (an emulator). */
  readonly loginBaseUrl?: string;
  /** A ready access token (no refresh: it works until it expires). */
  readonly accessToken?: string;
  /** A callback that returns access tokens, for callers who manage tokens themselves. */
  readonly getAccessToken?: GetAccessToken;
  /** An existing OneDriveAuth to take tokens from (it owns the login settings then). */
  readonly auth?: OneDriveAuth;
  /** Upload session chunk size: a multiple of 320 KiB, at most 60 MiB - 320 KiB. Default 10 MiB. */
  readonly chunkSize?: number;
  readonly fetch?: FetchLike;
  readonly logger?: Logger;
  /** Log every HTTP request and response (secrets redacted) at debug level. */
  readonly debug?: boolean;
  /** Refresh the access token when it expires within this many ms. Default 5 minutes. */
  readonly refreshSkewMs?: number;
  /** First and longest wait between polls of a server-side copy, in ms. Default 100 and 5000. */
  readonly copyPollInitialMs?: number;
  readonly copyPollMaxMs?: number;
  /**
   * How long a folder's id, once looked up, is used to address writes into it, in ms. Default
   * 10000; 0 looks the parent folder up before every write (one more request per file).
   */
  readonly folderCacheTtlMs?: number;
}

const STRING_KEYS = [
  'clientId',
  'clientSecret',
  'tenant',
  'redirectUri',
  'accountKey',
  'account',
  'driveId',
  'siteId',
  'graphBaseUrl',
  'loginBaseUrl',
  'accessToken',
] as const;

const NUMBER_KEYS = [
  'chunkSize',
  'refreshSkewMs',
  'copyPollInitialMs',
  'copyPollMaxMs',
  'folderCacheTtlMs',
] as const;

const OBJECT_KEYS = ['tokenStore', 'getAccessToken', 'auth', 'fetch', 'logger'] as const;

const KNOWN = new Set<string>([...STRING_KEYS, ...NUMBER_KEYS, ...OBJECT_KEYS, 'scopes', 'debug']);

function bad(key: string, expected: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `The OneDrive option ${key} must be ${expected}.`,
    advice: 'Fix the option in the drive configuration or URI.',
    provider: 'onedrive',
  });
}

/**
 * Checks options given as a plain record, as the registry passes them (URI query values are
 * strings: numbers, booleans and space- or comma-separated scopes are converted). Unknown keys are
 * refused rather than ignored.
 */
export function parseOneDriveOptions(raw: Record<string, unknown>): OneDriveProviderOptions {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!KNOWN.has(key)) {
      throw new PolydriveError('InvalidArgument', {
        message: `Unknown OneDrive option ${JSON.stringify(key)}.`,
        advice: `Known options: ${[...KNOWN].sort().join(', ')}.`,
        provider: 'onedrive',
      });
    }
    if ((STRING_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'string' || value === '') throw bad(key, 'a non-empty string');
      out[key] = value;
    } else if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
        throw bad(key, 'a non-negative number');
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
  return out as OneDriveProviderOptions;
}
