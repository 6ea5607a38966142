import { describeProvider } from '@polydrive/contract';
import { applyLayers, Drive, defaultLayers } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { createDropboxProvider } from '../src/index.js';
import { signIn, startDropboxEmulator } from './support/emulator.js';

let emulator: EmulatorHandle | undefined;

describeProvider(
  'dropbox (emulator)',
  async () => {
    emulator = await startDropboxEmulator();
    const provider = createDropboxProvider(await signIn(emulator, { jobPollInitialMs: 5 }));
    return new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 10 } })));
  },
  {
    teardown: () => emulator?.stop(),
    passthroughProbe: { method: 'POST', path: '/2/users/get_current_account' },
  },
);
