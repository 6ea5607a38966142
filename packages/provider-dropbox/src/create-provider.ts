import { randomUUID } from 'node:crypto';
import {
  type AccessTokenSource,
  callbackTokenSource,
  type FetchLike,
  instrumentFetch,
  MAX_TIMER_MS,
  managedTokenSource,
  PolydriveError,
  staticTokenSource,
} from '@polydrive/core';
import { authorizedFetch } from './api/authorized-fetch.js';
import { DropboxClient } from './api/dropbox-client.js';
import { DropboxOAuth } from './auth/dropbox-oauth.js';
import {
  CHUNK_DEFAULT_SIZE,
  CHUNK_MAX_SIZE,
  CHUNK_MULTIPLE,
  dropboxCapabilities,
  MAX_REQUEST_SIZE,
  UPLOAD_SESSION_THRESHOLD,
} from './capabilities.js';
import { hostRewriter } from './hosts.js';
import type { DropboxProviderOptions } from './options.js';
import { DropboxProvider } from './provider/dropbox-provider.js';
import { DEFAULT_JOB_POLL } from './provider/job-poll.js';

/** The longest the commit batcher waits for commits still uploading, by default. */
const DEFAULT_BATCH_WINDOW_MS = 10;

/** How long a folder found to exist is trusted to, by default. */
const DEFAULT_FOLDER_CACHE_TTL_MS = 10_000;

function invalid(message: string, advice: string): PolydriveError {
  return new PolydriveError('InvalidArgument', { message, advice, provider: 'dropbox' });
}

/** Builds the DropboxOAuth of options that sign in with an app key. */
export function oauthFor(options: DropboxProviderOptions, fetchImpl?: FetchLike): DropboxOAuth {
  if (!options.clientId) {
    throw invalid(
      'The Dropbox provider needs a clientId (the app key), or an accessToken or getAccessToken.',
      'Create an app in the Dropbox App Console and pass its app key; see the package README.',
    );
  }
  return new DropboxOAuth({
    clientId: options.clientId,
    ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    ...(options.refreshToken !== undefined ? { refreshToken: options.refreshToken } : {}),
    ...(options.redirectUri !== undefined ? { redirectUri: options.redirectUri } : {}),
    ...(options.scopes !== undefined ? { scopes: options.scopes } : {}),
    ...(options.tokenStore !== undefined ? { tokenStore: options.tokenStore } : {}),
    ...(options.accountKey !== undefined ? { accountKey: options.accountKey } : {}),
    ...(options.apiBaseUrl !== undefined ? { apiBaseUrl: options.apiBaseUrl } : {}),
    ...(options.webBaseUrl !== undefined ? { webBaseUrl: options.webBaseUrl } : {}),
    ...(options.refreshSkewMs !== undefined ? { refreshSkewMs: options.refreshSkewMs } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

function tokenSourceFor(
  options: DropboxProviderOptions,
  fetchImpl: FetchLike,
): { tokens: AccessTokenSource; accountKey: string } {
  const given = [options.accessToken, options.getAccessToken, options.clientId].filter(
    (x) => x !== undefined,
  ).length;
  if (given > 1) {
    throw invalid(
      'Give only one of accessToken, getAccessToken and clientId.',
      'Pick the one way this drive gets its tokens.',
    );
  }
  const ownKey = options.accountKey ?? `dropbox:${randomUUID()}`;
  if (options.accessToken !== undefined) {
    return { tokens: staticTokenSource(options.accessToken), accountKey: ownKey };
  }
  if (options.getAccessToken) {
    return {
      tokens: callbackTokenSource(options.getAccessToken, {
        provider: 'dropbox',
        service: 'Dropbox',
      }),
      accountKey: ownKey,
    };
  }
  const oauth = oauthFor(options, fetchImpl);
  return { tokens: managedTokenSource(oauth.tokenManager), accountKey: oauth.accountKey };
}

/** A time option in ms: `fallback` when not given, else a number from 0 to MAX_TIMER_MS. */
function durationMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) {
    throw invalid(
      `${name} must be a number of ms from 0 to ${MAX_TIMER_MS}, got ${value}.`,
      `Fix ${name}, or leave it out for the default (${fallback}).`,
    );
  }
  return value;
}

function checkSizes(options: DropboxProviderOptions): { threshold: number; chunkSize: number } {
  const threshold = options.uploadThreshold ?? UPLOAD_SESSION_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > MAX_REQUEST_SIZE) {
    throw invalid(
      `uploadThreshold must be a whole number of bytes from 1 to ${MAX_REQUEST_SIZE}, got ${threshold}.`,
      'Dropbox takes at most 150 MiB in one request.',
    );
  }
  const chunkSize = options.chunkSize ?? CHUNK_DEFAULT_SIZE;
  if (
    !Number.isInteger(chunkSize) ||
    chunkSize <= 0 ||
    chunkSize % CHUNK_MULTIPLE !== 0 ||
    chunkSize > CHUNK_MAX_SIZE
  ) {
    throw invalid(
      `chunkSize must be a multiple of 4 MiB (${CHUNK_MULTIPLE} bytes), at most ${CHUNK_MAX_SIZE}, got ${chunkSize}.`,
      'Use 4, 8, ..., 148 MiB; 48 MiB is the default.',
    );
  }
  return { threshold, chunkSize };
}

/**
 * Creates the Dropbox provider. Nothing is sent until the first call; a missing login shows up
 * then as `Unauthenticated`.
 */
export function createDropboxProvider(options: DropboxProviderOptions): DropboxProvider {
  const { threshold, chunkSize } = checkSizes(options);
  const fetchImpl = instrumentFetch(options.fetch ?? globalThis.fetch, {
    provider: 'dropbox',
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.debug !== undefined ? { debug: options.debug } : {}),
  });
  const { tokens, accountKey } = tokenSourceFor(options, fetchImpl);
  const rewrite = hostRewriter({
    ...(options.apiBaseUrl !== undefined ? { api: options.apiBaseUrl } : {}),
    ...(options.contentBaseUrl !== undefined ? { content: options.contentBaseUrl } : {}),
    ...(options.webBaseUrl !== undefined ? { web: options.webBaseUrl } : {}),
  });
  return new DropboxProvider({
    client: new DropboxClient(authorizedFetch(fetchImpl, tokens, rewrite)),
    accountKey,
    capabilities: {
      ...dropboxCapabilities,
      simpleUploadMaxSize: threshold,
      chunkDefaultSize: chunkSize,
    },
    batchWindowMs: durationMs('batchWindowMs', options.batchWindowMs, DEFAULT_BATCH_WINDOW_MS),
    folderCacheTtlMs: durationMs(
      'folderCacheTtlMs',
      options.folderCacheTtlMs,
      DEFAULT_FOLDER_CACHE_TTL_MS,
    ),
    jobPoll: {
      initialMs: durationMs(
        'jobPollInitialMs',
        options.jobPollInitialMs,
        DEFAULT_JOB_POLL.initialMs,
      ),
      maxMs: durationMs('jobPollMaxMs', options.jobPollMaxMs, DEFAULT_JOB_POLL.maxMs),
    },
  });
}
