import { describeProvider } from '@polydrive/contract';
import { applyLayers, Drive, defaultLayers } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { createGoogleDriveProvider } from '../src/index.js';
import {
  emulatorAuth,
  emulatorEndpoints,
  signIn,
  startGoogleEmulator,
} from './support/emulator.js';

let emulator: EmulatorHandle | undefined;

describeProvider(
  'gdrive (emulator)',
  async () => {
    emulator = await startGoogleEmulator({ shortPages: true });
    const auth = await signIn(emulatorAuth(emulator));
    const provider = createGoogleDriveProvider({ auth, ...emulatorEndpoints(emulator) });
    return new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 10 } })));
  },
  {
    teardown: () => emulator?.stop(),
    passthroughProbe: { method: 'GET', path: '/about', query: { fields: 'user' } },
  },
);
