import {
  type FetchLike,
  type GetAccessToken,
  type Logger,
  type ProviderOptionSchema,
  parseProviderOptions,
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

const SCHEMA: ProviderOptionSchema<GoogleDriveProviderOptions> = {
  clientId: 'string',
  clientSecret: 'string',
  redirectUri: 'string',
  scopes: { kind: 'list', items: 'scope names' },
  tokenStore: 'object',
  accountKey: 'string',
  driveId: 'string',
  duplicates: { kind: 'oneOf', values: ['error', 'oldest', 'newest'] },
  pathCacheTtlMs: 'number',
  nameCacheTtlMs: 'number',
  chunkSize: 'number',
  apiBaseUrl: 'string',
  oauthBaseUrl: 'string',
  accountsBaseUrl: 'string',
  accessToken: 'string',
  getAccessToken: 'function',
  auth: 'object',
  fetch: 'function',
  logger: 'object',
  debug: 'boolean',
  refreshSkewMs: 'number',
};

/**
 * Checks options given as a plain record, as the registry passes them (URI query values are
 * strings: numbers, booleans and space- or comma-separated scopes are converted). Unknown keys are
 * refused rather than ignored.
 */
export function parseGoogleDriveOptions(raw: Record<string, unknown>): GoogleDriveProviderOptions {
  return parseProviderOptions<GoogleDriveProviderOptions>(raw, SCHEMA, {
    provider: 'gdrive',
    label: 'Google Drive',
  });
}
