import {
  type FetchLike,
  type GetAccessToken,
  type Logger,
  type ProviderOptionSchema,
  parseProviderOptions,
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

const SCHEMA: ProviderOptionSchema<OneDriveProviderOptions> = {
  clientId: 'string',
  clientSecret: 'string',
  tenant: 'string',
  redirectUri: 'string',
  scopes: { kind: 'list', items: 'scope names' },
  tokenStore: 'object',
  accountKey: 'string',
  account: 'string',
  driveId: 'string',
  siteId: 'string',
  graphBaseUrl: 'string',
  loginBaseUrl: 'string',
  accessToken: 'string',
  getAccessToken: 'function',
  auth: 'object',
  chunkSize: 'number',
  fetch: 'function',
  logger: 'object',
  debug: 'boolean',
  refreshSkewMs: 'number',
  copyPollInitialMs: 'number',
  copyPollMaxMs: 'number',
  folderCacheTtlMs: 'number',
};

/**
 * Checks options given as a plain record, as the registry passes them (URI query values are
 * strings: numbers, booleans and space- or comma-separated scopes are converted). Unknown keys are
 * refused rather than ignored.
 */
export function parseOneDriveOptions(raw: Record<string, unknown>): OneDriveProviderOptions {
  return parseProviderOptions<OneDriveProviderOptions>(raw, SCHEMA, {
    provider: 'onedrive',
    label: 'OneDrive',
  });
}
