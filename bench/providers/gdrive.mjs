import { createDrive } from '@polydrive/core';
import { DriveV3Baseline } from './drive-v3-baseline.mjs';

const ACCOUNT = 'bench@example.com';

/** `gdrive` against the Google Drive emulator, signed in with a token minted by it. */
export const gdriveBench = {
  name: 'gdrive',
  async open({ emulator: start }) {
    const emulator = await start();
    await emulator.call('google.addAccount', { email: ACCOUNT, displayName: 'Bench' });
    const { accessToken } = await emulator.call('google.mintToken', ACCOUNT);
    const apiUrl = emulator.urls.googleApis;
    const drive = await createDrive({
      provider: 'gdrive',
      options: { accessToken, apiBaseUrl: apiUrl },
    });
    return {
      name: 'gdrive',
      drive,
      meter: emulator,
      baseline: new DriveV3Baseline({
        apiUrl,
        accessToken,
        chunkSize: drive.capabilities.chunkDefaultSize,
        meter: emulator,
      }),
      async fill(folder, count) {
        const entries = { [folder]: null };
        for (let i = 0; i < count; i++)
          entries[`${folder}/e${String(i).padStart(6, '0')}.txt`] = '';
        await emulator.call('google.seed', ACCOUNT, entries);
        return () => drive.delete(folder, { recursive: true });
      },
      close: () => drive.close(),
    };
  },
};
