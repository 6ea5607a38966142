import { applyLayers, Drive, defaultLayers } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createOneDriveProvider } from '../src/index.js';
import { startOneDriveEmulator } from './support/emulator.js';

const WORKER = 'grace@contoso.com';

let emulator: EmulatorHandle | undefined;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** A business account that is a member of one site, and a Drive on the site or on its own OneDrive. */
async function start(): Promise<{
  emu: EmulatorHandle;
  siteId: string;
  open(siteId?: string): Drive;
}> {
  const emu = await startOneDriveEmulator({
    accounts: [{ email: WORKER, displayName: 'Grace', driveType: 'business' }],
  });
  emulator = emu;
  const { id: siteId } = emu.microsoft.addSite({ displayName: 'Engineering', members: [WORKER] });
  const { accessToken } = emu.microsoft.mintToken(WORKER);
  const open = (site?: string) =>
    new Drive(
      applyLayers(
        createOneDriveProvider({
          accessToken,
          graphBaseUrl: emu.urls.graph,
          ...(site !== undefined ? { siteId: site } : {}),
        }),
        defaultLayers({ retry: { baseDelayMs: 1 } }),
      ),
    );
  return { emu, siteId, open };
}

describe('a drive opened with siteId', () => {
  it("writes, lists, reads and deletes in the site's library, not in the user's drive", async () => {
    const { emu, siteId, open } = await start();
    const site = open(siteId);
    const own = open();

    await site.mkdir('/Specs');
    await site.write('/Specs/design.md', new TextEncoder().encode('# design'));
    expect(emu.microsoft.readFile(siteId, '/Specs/design.md')?.toString()).toBe('# design');
    expect(emu.microsoft.stat(WORKER, '/Specs')).toBeUndefined();

    const names: string[] = [];
    for await (const entry of site.list('/Specs')) names.push(entry.name);
    expect(names).toEqual(['design.md']);
    expect(await site.readText('/Specs/design.md')).toBe('# design');
    expect(await own.exists('/Specs/design.md')).toBe(false);

    const about = await site.about();
    expect(about.driveType).toBe('documentLibrary');
    expect(about.id).toBe(emu.microsoft.sites()[0]?.driveId);

    await site.delete('/Specs/design.md');
    expect(emu.microsoft.stat(siteId, '/Specs/design.md')).toBeUndefined();
    expect(emu.microsoft.recycleBin(siteId).map((item) => item.name)).toEqual(['design.md']);
  });

  it('fails with NotFound for a site the emulator does not know', async () => {
    const { open } = await start();
    const unknown = open(
      'contoso.sharepoint.com,11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222',
    );
    await expect(unknown.stat('/')).rejects.toMatchObject({ code: 'NotFound' });
  });
});

describe('delete with permanent', () => {
  it('declares a trash, so permanent has a meaning', async () => {
    const { open } = await start();
    expect(open().capabilities.trash).toBe(true);
  });

  it('removes the item without putting it in the recycle bin; a plain delete recycles', async () => {
    const { emu, siteId, open } = await start();
    emu.microsoft.seed(WORKER, { '/old.log': 'old', '/keep.log': 'keep' });
    emu.microsoft.seed(siteId, { '/Archive/2019/a.txt': 'a' });
    const own = open();
    const site = open(siteId);

    await own.delete('/old.log', { permanent: true });
    await own.delete('/keep.log');
    expect(emu.microsoft.stat(WORKER, '/old.log')).toBeUndefined();
    expect(emu.microsoft.recycleBin(WORKER).map((item) => item.name)).toEqual(['keep.log']);
    expect((await own.about()).quota?.trashed).toBe(4);

    await site.delete('/Archive', { permanent: true, recursive: true });
    expect(emu.microsoft.stat(siteId, '/Archive/2019/a.txt')).toBeUndefined();
    expect(emu.microsoft.recycleBin(siteId)).toEqual([]);
  });

  it('honours ifMatch on a permanent delete', async () => {
    const { emu, open } = await start();
    emu.microsoft.seed(WORKER, { '/guarded.txt': 'v1' });
    const own = open();
    const entry = await own.stat('/guarded.txt');
    emu.microsoft.seed(WORKER, { '/guarded.txt': 'v2' });
    await expect(
      own.delete('/guarded.txt', { permanent: true, ifMatch: entry.etag as string }),
    ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    expect(emu.microsoft.readFile(WORKER, '/guarded.txt')?.toString()).toBe('v2');
  });
});
