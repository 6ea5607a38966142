/** @polydrive/provider-dropbox: Dropbox (API v2) over the official dropbox SDK. */
import type { Provider, ProviderModule } from '@polydrive/core';
import { dropboxProviderAuth } from './auth/provider-auth.js';
import { dropboxCapabilities } from './capabilities.js';
import { createDropboxProvider } from './create-provider.js';
import { parseDropboxOptions } from './options.js';

export type { AccessTokenSource, GetAccessToken } from '@polydrive/core';
export { ROOT_ID } from './api/metadata.js';
export {
  type AuthorizationRequest,
  DEFAULT_REDIRECT_URI,
  type DropboxAccount,
  DropboxOAuth,
  type DropboxOAuthOptions,
  type LoginResult,
} from './auth/dropbox-oauth.js';
export { dropboxProviderAuth } from './auth/provider-auth.js';
export {
  CHUNK_DEFAULT_SIZE,
  CHUNK_MAX_SIZE,
  CHUNK_MULTIPLE,
  DROPBOX_NAME_RULES,
  dropboxCapabilities,
  MAX_REQUEST_SIZE,
  UPLOAD_SESSION_THRESHOLD,
} from './capabilities.js';
export { createDropboxProvider } from './create-provider.js';
export { DROPBOX_HOSTS, type DropboxBaseUrls } from './hosts.js';
export { type DropboxProviderOptions, parseDropboxOptions } from './options.js';
export { DropboxProvider } from './provider/dropbox-provider.js';

/** The registry's entry point: `createDrive('dropbox:?clientId=...')` loads this. */
export const polydriveProvider = {
  name: 'dropbox',
  capabilities: dropboxCapabilities,
  create: async (options: Record<string, unknown>): Promise<Provider> =>
    createDropboxProvider(parseDropboxOptions(options)),
  auth: dropboxProviderAuth,
} satisfies ProviderModule;
