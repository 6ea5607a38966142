/** @polydrive/provider-onedrive: OneDrive and SharePoint through Microsoft Graph and msal-node. */
import type { Provider } from '@polydrive/core';
import { onedriveProviderAuth } from './auth/provider-auth.js';
import { onedriveCapabilities } from './capabilities.js';
import { createOneDriveProvider } from './create-provider.js';
import { parseOneDriveOptions } from './options.js';

export type { GetAccessToken } from '@polydrive/core';
export { type LoopbackLoginOptions, loginWithLoopback } from './auth/loopback-login.js';
export {
  type AuthorizationRequest,
  DEFAULT_REDIRECT_URI,
  DEFAULT_SCOPES,
  type LoginResult,
  MICROSOFT_LOGIN_URL,
  type OneDriveAccount,
  OneDriveAuth,
  type OneDriveAuthOptions,
} from './auth/onedrive-auth.js';
export { onedriveProviderAuth } from './auth/provider-auth.js';
export {
  CHUNK_DEFAULT_SIZE,
  CHUNK_MAX_SIZE,
  CHUNK_MULTIPLE,
  ONEDRIVE_NAME_RULES,
  onedriveCapabilities,
  SIMPLE_UPLOAD_MAX_SIZE,
} from './capabilities.js';
export { createOneDriveProvider } from './create-provider.js';
export { DEFAULT_GRAPH_BASE_URL } from './graph/graph-client.js';
export { type OneDriveProviderOptions, parseOneDriveOptions } from './options.js';
export { OneDriveProvider } from './provider/onedrive-provider.js';

/** The registry's entry point: `createDrive('onedrive:?clientId=...')` loads this. */
export const polydriveProvider = {
  name: 'onedrive',
  capabilities: onedriveCapabilities,
  create: async (options: Record<string, unknown>): Promise<Provider> =>
    createOneDriveProvider(parseOneDriveOptions(options)),
  auth: onedriveProviderAuth,
};
