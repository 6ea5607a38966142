import { createDrive } from '@polydrive/core';
import { DropboxV2Baseline } from './dropbox-v2-baseline.mjs';

const ACCOUNT = 'bench@example.com';

/** `dropbox` against the Dropbox emulator, signed in with a token minted by it. */
export const dropboxBench = {
  name: 'dropbox',
  async open({ emulator: start }) {
    const emulator = await start();
    // Basic accounts get 2 GiB; a 1 GiB run holds Polydrive's and the baseline's copy at once.
    await emulator.call('dropbox.addAccount', {
      email: ACCOUNT,
      displayName: 'Bench',
      quotaBytes: 64 * 1024 ** 3,
    });
    const { accessToken } = await emulator.call('dropbox.mintToken', ACCOUNT);
    const { dropboxApi: apiUrl, dropboxContent: contentUrl } = emulator.urls;
    const drive = await createDrive({
      provider: 'dropbox',
      options: { accessToken, apiBaseUrl: apiUrl, contentBaseUrl: contentUrl },
    });
    return {
      name: 'dropbox',
      drive,
      meter: emulator,
      baseline: new DropboxV2Baseline({
        apiUrl,
        contentUrl,
        accessToken,
        chunkSize: drive.capabilities.chunkDefaultSize,
        meter: emulator,
      }),
      async fill(folder, count) {
        const entries = { [folder]: null };
        for (let i = 0; i < count; i++)
          entries[`${folder}/e${String(i).padStart(6, '0')}.txt`] = '';
        await emulator.call('dropbox.seed', ACCOUNT, entries);
        return () => drive.delete(folder, { recursive: true });
      },
      close: () => drive.close(),
    };
  },
};
