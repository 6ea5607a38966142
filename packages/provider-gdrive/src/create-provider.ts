import { randomUUID } from 'node:crypto';
import {
  type AccessTokenSource,
  callbackTokenSource,
  type FetchLike,
  instrumentFetch,
  managedTokenSource,
  PolydriveError,
  staticTokenSource,
} from '@polydrive/core';
import { DriveClient } from './api/drive-client.js';
import { GoogleDriveAuth } from './auth/gdrive-auth.js';
import { CHUNK_DEFAULT_SIZE, gdriveCapabilities } from './capabilities.js';
import type { GoogleDriveProviderOptions } from './options.js';
import { GoogleDriveProvider } from './provider/gdrive-provider.js';
import { checkChunkSize } from './provider/resumable-upload.js';

/** The login settings of the options as a GoogleDriveAuth, for sign-in and for the provider. */
export function authFromOptions(
  options: GoogleDriveProviderOptions,
  fetchImpl?: FetchLike,
): GoogleDriveAuth {
  if (!options.clientId) {
    throw new PolydriveError('InvalidArgument', {
      message:
        'The Google Drive provider needs a clientId (or accessToken, getAccessToken or auth).',
      advice:
        'Create an OAuth client in Google Cloud and pass its client ID; see the package README.',
      provider: 'gdrive',
    });
  }
  const fetchToUse = fetchImpl ?? options.fetch;
  return new GoogleDriveAuth({
    clientId: options.clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    ...(options.scopes !== undefined ? { scopes: options.scopes } : {}),
    ...(options.redirectUri !== undefined ? { redirectUri: options.redirectUri } : {}),
    ...(options.tokenStore !== undefined ? { tokenStore: options.tokenStore } : {}),
    ...(options.accountKey !== undefined ? { accountKey: options.accountKey } : {}),
    ...(options.oauthBaseUrl !== undefined ? { oauthBaseUrl: options.oauthBaseUrl } : {}),
    ...(options.accountsBaseUrl !== undefined ? { accountsBaseUrl: options.accountsBaseUrl } : {}),
    ...(options.refreshSkewMs !== undefined ? { refreshSkewMs: options.refreshSkewMs } : {}),
    ...(fetchToUse ? { fetch: fetchToUse } : {}),
  });
}

function tokenSourceFor(
  options: GoogleDriveProviderOptions,
  fetchImpl: FetchLike,
): { tokens: AccessTokenSource; accountKey: string } {
  const given = [options.accessToken, options.getAccessToken, options.auth].filter(
    (x) => x !== undefined,
  ).length;
  if (given > 1) {
    throw new PolydriveError('InvalidArgument', {
      message: 'Give only one of accessToken, getAccessToken and auth.',
      advice: 'Pick the one way this drive gets its tokens.',
      provider: 'gdrive',
    });
  }
  if (options.auth)
    return { tokens: managedTokenSource(options.auth), accountKey: options.auth.accountKey };
  const ownKey = options.accountKey ?? `gdrive:${randomUUID()}`;
  if (options.accessToken !== undefined)
    return { tokens: staticTokenSource(options.accessToken), accountKey: ownKey };
  if (options.getAccessToken)
    return {
      tokens: callbackTokenSource(options.getAccessToken, {
        provider: 'gdrive',
        service: 'Google',
      }),
      accountKey: ownKey,
    };
  const auth = authFromOptions(options, fetchImpl);
  return { tokens: managedTokenSource(auth), accountKey: auth.accountKey };
}

/**
 * Creates the Google Drive provider. Nothing is sent until the first call; a missing login shows
 * up then as `Unauthenticated`.
 */
export function createGoogleDriveProvider(
  options: GoogleDriveProviderOptions,
): GoogleDriveProvider {
  const chunkSize = options.chunkSize ?? CHUNK_DEFAULT_SIZE;
  checkChunkSize(chunkSize, 'createGoogleDriveProvider');
  const fetchImpl = instrumentFetch(options.fetch ?? globalThis.fetch, {
    provider: 'gdrive',
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.debug !== undefined ? { debug: options.debug } : {}),
  });
  const { tokens, accountKey } = tokenSourceFor(options, fetchImpl);
  const client = new DriveClient({
    tokens,
    fetch: fetchImpl,
    ...(options.apiBaseUrl !== undefined ? { apiBaseUrl: options.apiBaseUrl } : {}),
  });
  return new GoogleDriveProvider({
    client,
    ...(options.driveId !== undefined ? { driveId: options.driveId } : {}),
    accountKey,
    capabilities: { ...gdriveCapabilities, chunkDefaultSize: chunkSize },
    duplicates: options.duplicates ?? 'error',
    pathCacheTtlMs: options.pathCacheTtlMs ?? 30_000,
    nameCacheTtlMs: options.nameCacheTtlMs ?? 10_000,
  });
}
