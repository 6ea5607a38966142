import { Drive, type UploadState } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../src/index.js';

// Facade behaviour that the contract suite cannot reach from inside its own test folder.
describe('Drive facade on the memory provider', () => {
  it('writes a top-level file with createParents (the root needs no creating)', async () => {
    const drive = new Drive(createMemoryProvider());
    await drive.write('/top.txt', 'x', { createParents: true });
    expect(await drive.readText('/top.txt')).toBe('x');
  });

  it('keeps the upload session on failure when asked, and resumes it', async () => {
    const drive = new Drive(createMemoryProvider({ capabilities: { chunkDefaultSize: 4 } }));
    let state: UploadState | undefined;
    async function* failing() {
      yield new TextEncoder().encode('abcdefgh');
      throw new Error('network cable pulled');
    }
    await expect(
      drive.write('/r.txt', failing(), {
        mode: 'session',
        keepSession: true,
        onState: (s) => {
          state = s;
        },
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    expect(state?.offset).toBe(4);
    const entry = await drive.resumeUpload(state as UploadState, 'abcdefghij');
    expect(entry.size).toBe(10);
    expect(await drive.readText('/r.txt')).toBe('abcdefghij');
  });

  it('cancels the upload session on failure by default', async () => {
    const provider = createMemoryProvider({ capabilities: { chunkDefaultSize: 4 } });
    const drive = new Drive(provider);
    let state: UploadState | undefined;
    async function* failing() {
      yield new TextEncoder().encode('abcdefgh');
      throw new Error('disk error');
    }
    await expect(
      drive.write('/c.txt', failing(), {
        mode: 'session',
        onState: (s) => {
          state = s;
        },
      }),
    ).rejects.toThrow(/disk error/);
    await expect(provider.uploadStatus(state as UploadState)).rejects.toMatchObject({
      code: 'NotFound',
    });
  });

  it('fills the path of entries listed by id from the provider', async () => {
    const drive = new Drive(createMemoryProvider());
    const folder = await drive.mkdir('/f');
    await drive.write('/f/a.txt', 'a');
    const entries = [];
    for await (const e of drive.list({ id: folder.id })) entries.push(e);
    const [entry] = entries;
    expect(entry?.path).toBe('/f/a.txt');
  });

  it('refuses a resume on a drive of another provider', async () => {
    const drive = new Drive(createMemoryProvider());
    const foreign = {
      version: 1,
      provider: 'onedrive',
      destination: { parent: { path: '/' }, name: 'x' },
      size: 1,
      chunkSize: 1,
      offset: 0,
      conflict: 'fail',
      createdAt: '',
      session: {},
    } as UploadState;
    await expect(drive.resumeUpload(foreign, 'x')).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });
});
