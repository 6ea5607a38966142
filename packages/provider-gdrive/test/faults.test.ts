import { describeFaults } from '@polydrive/contract';
import { PolydriveError } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { expect, it } from 'vitest';
import { createGoogleDriveProvider } from '../src/index.js';
import {
  EMAIL,
  emulatorAuth,
  emulatorEndpoints,
  signIn,
  startGoogleEmulator,
} from './support/emulator.js';

const CHUNK = 8 * 1024 * 1024;

// Drive refuses with 403 usage limits (backoff, no Retry-After) as well as 429s.
const usageLimits = [
  { status: 403, reason: 'userRateLimitExceeded', times: 2 },
  { status: 429, reason: 'rateLimitExceeded', retryAfter: 1 },
];

describeFaults(
  {
    name: 'gdrive',
    account: EMAIL,
    start: () => startGoogleEmulator(),
    control: (emulator: EmulatorHandle) => emulator.google,
    signedIn: async (emulator) =>
      createGoogleDriveProvider({
        auth: await signIn(emulatorAuth(emulator)),
        chunkSize: CHUNK,
        ...emulatorEndpoints(emulator),
      }),
    withToken: (emulator, accessToken) =>
      createGoogleDriveProvider({ accessToken, ...emulatorEndpoints(emulator) }),
    chunkSize: CHUNK,
    hashes: ['md5', 'sha256'],
    routes: {
      chunk: { method: 'PUT', path: 'upload_id=' },
      stat: { method: 'GET' },
      token: { host: 'oauth2.googleapis.com' },
    },
    chunksCarryToken: false,
    expiredSessionMayRestart: true,
    refuse: (emulator, { reason, ...refusal }, route) => {
      if (reason) emulator.google.injectError({ reason, ...refusal, ...route });
      else emulator.faults.inject({ kind: 'status', ...refusal, ...route });
    },
    storm: usageLimits,
    throttle: usageLimits,
    throttleReason: 'rateLimitExceeded',
    requestIds: false,
    errorCases: {
      '403 userRateLimitExceeded': {
        fault: { status: 403, reason: 'userRateLimitExceeded' },
        expected: {
          code: 'RateLimited',
          retryable: true,
          httpStatus: 403,
          providerCode: 'userRateLimitExceeded',
        },
      },
      '403 dailyLimitExceeded': {
        fault: { status: 403, reason: 'dailyLimitExceeded' },
        expected: { code: 'RateLimited', retryable: false },
      },
      '403 without a reason': {
        fault: { status: 403 },
        expected: { code: 'PermissionDenied', providerCode: 'insufficientFilePermissions' },
      },
      'an expired token': { fault: 'expiredToken', expected: { code: 'Unauthenticated' } },
    },
  },
  ({ setUp }) => {
    it('does not retry storageQuotaExceeded, and says so', async () => {
      const { emulator, drive } = await setUp();
      emulator.faults.clearRequests();
      emulator.google.injectError({
        reason: 'storageQuotaExceeded',
        method: 'POST',
        path: '/upload/drive/v3/files',
      });
      const err = (await drive
        .write('/full.txt', 'no room')
        .catch((e: unknown) => e)) as PolydriveError;
      expect(err).toBeInstanceOf(PolydriveError);
      expect([err.code, err.retryable, err.providerCode]).toEqual([
        'QuotaExceeded',
        false,
        'storageQuotaExceeded',
      ]);
      expect(err.message).toMatch(/not retried/);
      expect(emulator.faults.requests().filter((r) => r.path.startsWith('/upload/'))).toHaveLength(
        1,
      );
    });
  },
);
