import { describeProvider } from '@polydrive/contract';
import { applyLayers, Drive, defaultLayers } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { createOneDriveProvider } from '../src/index.js';
import { emulatorAuth, signIn, startOneDriveEmulator } from './support/emulator.js';

let emulator: EmulatorHandle | undefined;

describeProvider(
  'onedrive (emulator)',
  async () => {
    emulator = await startOneDriveEmulator({ autoCreateParents: true });
    const auth = await signIn(emulatorAuth(emulator));
    const provider = createOneDriveProvider({
      auth,
      graphBaseUrl: emulator.urls.graph,
      copyPollInitialMs: 5,
    });
    return new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 10 } })));
  },
  {
    teardown: () => emulator?.stop(),
    passthroughProbe: { method: 'GET', path: '/me/drive' },
  },
);
