import { createDrive } from '@polydrive/core';
import { GraphBaseline } from './graph-baseline.mjs';

const ACCOUNT = 'bench@example.com';

/** `onedrive` against the Microsoft Graph emulator, signed in with a token minted by it. */
export const onedriveBench = {
  name: 'onedrive',
  async open({ emulator: start }) {
    const emulator = await start();
    // Polydrive checks quickXor only. A personal account prints SHA-1 and SHA-256 too by default,
    // and computing them would cost the emulator more CPU than receiving the bytes.
    await emulator.call('microsoft.addAccount', {
      email: ACCOUNT,
      displayName: 'Bench',
      hashes: [],
    });
    const { accessToken } = await emulator.call('microsoft.mintToken', ACCOUNT);
    const graphUrl = emulator.urls.graph;
    const drive = await createDrive({
      provider: 'onedrive',
      options: { accessToken, graphBaseUrl: graphUrl },
    });
    return {
      name: 'onedrive',
      drive,
      meter: emulator,
      baseline: new GraphBaseline({
        graphUrl,
        accessToken,
        chunkSize: drive.capabilities.chunkDefaultSize,
        meter: emulator,
      }),
      async fill(folder, count) {
        const entries = { [folder]: null };
        for (let i = 0; i < count; i++)
          entries[`${folder}/e${String(i).padStart(6, '0')}.txt`] = '';
        await emulator.call('microsoft.seed', ACCOUNT, entries);
        return () => drive.delete(folder, { recursive: true });
      },
      close: () => drive.close(),
    };
  },
};
