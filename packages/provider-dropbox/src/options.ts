import {
  type FetchLike,
  type GetAccessToken,
  type Logger,
  type ProviderOptionSchema,
  parseProviderOptions,
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

const SCHEMA: ProviderOptionSchema<DropboxProviderOptions> = {
  clientId: 'string',
  clientSecret: 'string',
  refreshToken: 'string',
  redirectUri: 'string',
  scopes: { kind: 'list', items: 'scope names' },
  tokenStore: 'object',
  accountKey: 'string',
  accessToken: 'string',
  getAccessToken: 'function',
  apiBaseUrl: 'string',
  contentBaseUrl: 'string',
  webBaseUrl: 'string',
  uploadThreshold: 'number',
  chunkSize: 'number',
  batchWindowMs: 'number',
  folderCacheTtlMs: 'number',
  jobPollInitialMs: 'number',
  jobPollMaxMs: 'number',
  refreshSkewMs: 'number',
  fetch: 'function',
  logger: 'object',
  debug: 'boolean',
};

/**
 * Checks options given as a plain record, as the registry passes them (`dropbox:?clientId=...`
 * gives strings: numbers, booleans and space- or comma-separated scopes are converted). Unknown
 * keys are refused rather than ignored.
 */
export function parseDropboxOptions(raw: Record<string, unknown>): DropboxProviderOptions {
  return parseProviderOptions<DropboxProviderOptions>(raw, SCHEMA, {
    provider: 'dropbox',
    label: 'Dropbox',
  });
}
