import { describeFaults } from '@polydrive/contract';
import type { EmulatorHandle } from '@polydrive/emulator';
import { CHUNK_DEFAULT_SIZE, createOneDriveProvider } from '../src/index.js';
import { EMAIL, emulatorAuth, signIn, startOneDriveEmulator } from './support/emulator.js';

describeFaults({
  name: 'onedrive',
  account: EMAIL,
  // Upload URLs are pre-authenticated: the emulator answers 401 if a chunk carries a bearer token.
  start: () => startOneDriveEmulator({ rejectAuthorizationOnUploadUrl: true }),
  control: (emulator: EmulatorHandle) => emulator.microsoft,
  signedIn: async (emulator) =>
    createOneDriveProvider({
      auth: await signIn(emulatorAuth(emulator)),
      graphBaseUrl: emulator.urls.graph,
    }),
  withToken: (emulator, accessToken) =>
    createOneDriveProvider({ accessToken, graphBaseUrl: emulator.urls.graph }),
  chunkSize: CHUNK_DEFAULT_SIZE,
  hashes: ['quickXor'],
  routes: {
    chunk: { host: 'api.onedrive.com', method: 'PUT', path: '/rup/' },
    stat: { host: 'graph.microsoft.com', method: 'GET' },
    token: { path: '/oauth2/v2.0/token' },
  },
  chunksCarryToken: false,
  expiredSessionMayRestart: true,
  throttleReason: 'activityLimitReached',
  requestIds: true,
  errorCases: {
    '500': { fault: { status: 500 }, expected: { code: 'Transient', retryable: true } },
    '507': {
      fault: { status: 507 },
      expected: { code: 'QuotaExceeded', retryable: false, httpStatus: 507 },
    },
  },
});
