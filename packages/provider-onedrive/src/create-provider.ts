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
import { OneDriveAuth } from './auth/onedrive-auth.js';
import { CHUNK_DEFAULT_SIZE, onedriveCapabilities } from './capabilities.js';
import { GraphClient } from './graph/graph-client.js';
import { driveBasePath } from './graph/item-urls.js';
import type { OneDriveProviderOptions } from './options.js';
import { DEFAULT_COPY_POLL } from './provider/copy-monitor.js';
import { OneDriveProvider } from './provider/onedrive-provider.js';
import { checkChunkSize } from './provider/upload-session.js';

function tokenSourceFor(
  options: OneDriveProviderOptions,
  fetchImpl: FetchLike,
): { tokens: AccessTokenSource; accountKey: string } {
  const given = [options.accessToken, options.getAccessToken, options.auth].filter(
    (x) => x !== undefined,
  ).length;
  if (given > 1) {
    throw new PolydriveError('InvalidArgument', {
      message: 'Give only one of accessToken, getAccessToken and auth.',
      advice: 'Pick the one way this drive gets its tokens.',
      provider: 'onedrive',
    });
  }
  if (options.auth) {
    return { tokens: managedTokenSource(options.auth), accountKey: options.auth.accountKey };
  }
  const ownKey = options.accountKey ?? `onedrive:${randomUUID()}`;
  if (options.accessToken !== undefined) {
    return { tokens: staticTokenSource(options.accessToken), accountKey: ownKey };
  }
  if (options.getAccessToken) {
    return {
      tokens: callbackTokenSource(options.getAccessToken, {
        provider: 'onedrive',
        service: 'Microsoft Graph',
      }),
      accountKey: ownKey,
    };
  }
  const auth = authFromOptions(options, fetchImpl);
  return { tokens: managedTokenSource(auth), accountKey: auth.accountKey };
}

/** The OneDrive sign-in the options describe (client id, tenant, token store, endpoints). */
export function authFromOptions(
  options: OneDriveProviderOptions,
  fetchImpl: FetchLike,
): OneDriveAuth {
  if (!options.clientId) {
    throw new PolydriveError('InvalidArgument', {
      message: 'The OneDrive provider needs a clientId (or accessToken, getAccessToken or auth).',
      advice:
        'Register an app in Microsoft Entra ID and pass its Application (client) ID; see the package README.',
      provider: 'onedrive',
    });
  }
  return new OneDriveAuth({
    clientId: options.clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
    ...(options.scopes !== undefined ? { scopes: options.scopes } : {}),
    ...(options.redirectUri !== undefined ? { redirectUri: options.redirectUri } : {}),
    ...(options.tokenStore !== undefined ? { tokenStore: options.tokenStore } : {}),
    ...(options.accountKey !== undefined ? { accountKey: options.accountKey } : {}),
    ...(options.account !== undefined ? { account: options.account } : {}),
    ...(options.loginBaseUrl !== undefined ? { loginBaseUrl: options.loginBaseUrl } : {}),
    ...(options.refreshSkewMs !== undefined ? { refreshSkewMs: options.refreshSkewMs } : {}),
    fetch: fetchImpl,
  });
}

/** The instrumented fetch every request of this provider goes through. */
export function providerFetch(options: OneDriveProviderOptions): FetchLike {
  return instrumentFetch(options.fetch ?? globalThis.fetch, {
    provider: 'onedrive',
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.debug !== undefined ? { debug: options.debug } : {}),
  });
}

/**
 * Creates the OneDrive / SharePoint provider. Nothing is sent until the first call; a missing
 * login shows up then as `Unauthenticated`.
 */
export function createOneDriveProvider(options: OneDriveProviderOptions): OneDriveProvider {
  const chunkSize = options.chunkSize ?? CHUNK_DEFAULT_SIZE;
  checkChunkSize(chunkSize, 'createOneDriveProvider');
  const fetchImpl = providerFetch(options);
  const { tokens, accountKey } = tokenSourceFor(options, fetchImpl);
  const graph = new GraphClient({
    tokens,
    fetch: fetchImpl,
    ...(options.graphBaseUrl !== undefined ? { baseUrl: options.graphBaseUrl } : {}),
  });
  return new OneDriveProvider({
    graph,
    drive: driveBasePath({
      ...(options.driveId !== undefined ? { driveId: options.driveId } : {}),
      ...(options.siteId !== undefined ? { siteId: options.siteId } : {}),
    }),
    accountKey,
    capabilities: { ...onedriveCapabilities, chunkDefaultSize: chunkSize },
    copyPoll: {
      initialMs: options.copyPollInitialMs ?? DEFAULT_COPY_POLL.initialMs,
      maxMs: options.copyPollMaxMs ?? DEFAULT_COPY_POLL.maxMs,
    },
    ...(options.folderCacheTtlMs !== undefined
      ? { folderCacheTtlMs: options.folderCacheTtlMs }
      : {}),
  });
}
