/** @polydrive/provider-gdrive: Google Drive v3 over @googleapis/drive and Google's OAuth2 client. */
import type { Provider, ProviderModule } from '@polydrive/core';
import { gdriveProviderAuth } from './auth/provider-auth.js';
import { gdriveCapabilities } from './capabilities.js';
import { createGoogleDriveProvider } from './create-provider.js';
import { parseGoogleDriveOptions } from './options.js';

export type { GetAccessToken } from '@polydrive/core';
export { DEFAULT_API_BASE_URL } from './api/drive-client.js';
export {
  type AuthorizationRequest,
  DEFAULT_REDIRECT_URI,
  DEFAULT_SCOPES,
  GOOGLE_ACCOUNTS_URL,
  GOOGLE_OAUTH_URL,
  GoogleDriveAuth,
  type GoogleDriveAuthOptions,
  type LoginResult,
} from './auth/gdrive-auth.js';
export { gdriveProviderAuth } from './auth/provider-auth.js';
export {
  CHUNK_DEFAULT_SIZE,
  CHUNK_MAX_SIZE,
  CHUNK_MULTIPLE,
  GDRIVE_NAME_RULES,
  gdriveCapabilities,
  SIMPLE_UPLOAD_MAX_SIZE,
} from './capabilities.js';
export { createGoogleDriveProvider } from './create-provider.js';
export {
  type DuplicatePolicy,
  type GoogleDriveProviderOptions,
  parseGoogleDriveOptions,
} from './options.js';
export { GoogleDriveProvider } from './provider/gdrive-provider.js';

/** The registry's entry point: `createDrive('gdrive:?clientId=...')` loads this. */
export const polydriveProvider: ProviderModule = {
  name: 'gdrive',
  capabilities: gdriveCapabilities,
  create: async (options: Record<string, unknown>): Promise<Provider> =>
    createGoogleDriveProvider(parseGoogleDriveOptions(options)),
  auth: gdriveProviderAuth,
};
