import { MemoryTokenStore, PolydriveError } from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createOneDriveProvider, type OneDriveProvider } from '../src/index.js';
import { EMAIL, emulatorAuth, signIn, startOneDriveEmulator } from './support/emulator.js';

let emulator: EmulatorHandle | undefined;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

type MicrosoftOptions = Parameters<typeof startOneDriveEmulator>[0];

async function provider(
  microsoft: MicrosoftOptions = {},
  extra: { driveId?: string } = {},
): Promise<{ emu: EmulatorHandle; od: OneDriveProvider }> {
  emulator = await startOneDriveEmulator(microsoft);
  const { accessToken } = emulator.microsoft.mintToken(EMAIL);
  const od = createOneDriveProvider({
    accessToken,
    graphBaseUrl: emulator.urls.graph,
    copyPollInitialMs: 1,
    ...extra,
  });
  return { emu: emulator, od };
}

async function rejection(promise: Promise<unknown>): Promise<PolydriveError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof PolydriveError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

const text = (s: string) => new TextEncoder().encode(s);

async function readAll(
  od: OneDriveProvider,
  path: string,
  range?: { offset: number; length?: number },
) {
  const result = await od.read({ path }, range ? { range } : {});
  return { size: result.size, text: await new Response(result.stream).text() };
}

describe('OneDrive provider over the emulated Graph', () => {
  it('maps a driveItem: quickXor, sha1/sha256 lower-case hex, etag, webUrl, parent and path', async () => {
    const { emu, od } = await provider();
    emu.microsoft.seed(EMAIL, { '/docs/a b#1.txt': 'hello world' });
    const entry = await od.stat({ path: '/docs/a b#1.txt' }, { raw: true });
    const docs = await od.stat({ path: '/docs' });
    expect(entry).toMatchObject({
      kind: 'file',
      name: 'a b#1.txt',
      path: '/docs/a b#1.txt',
      parentId: docs.id,
      size: 11,
      hashes: {
        quickXor: 'aCgDG9jwBhDc4Q1yawMZAAAAAAA=',
        sha1: '2aae6c35c94fcfb415dbe95f408b9ce91ee846ed',
        sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
      },
    });
    expect(entry.etag).toBeTruthy();
    expect(entry.webUrl).toMatch(/^https:\/\//);
    expect((entry.raw as { id: string }).id).toBe(entry.id);
    const byId = await od.stat({ id: entry.id });
    expect(byId.path).toBe('/docs/a b#1.txt');
  });

  it('works on a drive chosen by id', async () => {
    emulator = await startOneDriveEmulator();
    const driveId = emulator.microsoft.accounts()[0]?.driveId as string;
    emulator.microsoft.seed(EMAIL, { '/x.txt': 'x' });
    const { accessToken } = emulator.microsoft.mintToken(EMAIL);
    const od = createOneDriveProvider({ accessToken, driveId, graphBaseUrl: emulator.urls.graph });
    expect((await od.stat({ path: '/x.txt' })).kind).toBe('file');
    const paths = emulator.faults.requests().map((r) => r.path);
    expect(paths.some((p) => p.startsWith(`/v1.0/drives/${driveId}/root:/x.txt`))).toBe(true);
  });

  it('reads ranges through the pre-authenticated URL, and an offset at the end as empty', async () => {
    const { emu, od } = await provider();
    emu.microsoft.seed(EMAIL, { '/r.txt': '0123456789' });
    expect(await readAll(od, '/r.txt', { offset: 2, length: 3 })).toEqual({ size: 3, text: '234' });
    expect(await readAll(od, '/r.txt', { offset: 7 })).toEqual({ size: 3, text: '789' });
    expect(await readAll(od, '/r.txt', { offset: 10 })).toEqual({ size: 0, text: '' });
    expect(await readAll(od, '/r.txt', { offset: 4, length: 0 })).toEqual({ size: 0, text: '' });
    const download = emu.faults
      .requests()
      .find((r) => r.host === 'my.microsoftpersonalcontent.com');
    expect(download?.status).toBe(206);
  });

  it('sets the modification time on simple and session uploads', async () => {
    const { od } = await provider();
    const modifiedAt = new Date('2020-02-03T04:05:06Z');
    const small = await od.writeSmall({ parent: { path: '/' }, name: 's.txt' }, text('s'), {
      conflict: 'fail',
      modifiedAt,
    });
    expect(small.modifiedAt).toEqual(modifiedAt);
    const chunk = new Uint8Array(327_680).fill(7);
    const state = await od.createUploadSession(
      { parent: { path: '/' }, name: 'big.bin' },
      {
        conflict: 'fail',
        size: chunk.byteLength + 1,
        chunkSize: chunk.byteLength,
        modifiedAt,
      },
    );
    const first = await od.uploadChunk(state, chunk, { final: false });
    expect(first.state.offset).toBe(chunk.byteLength);
    const last = await od.uploadChunk(first.state, new Uint8Array([1]), { final: true });
    expect(last.entry?.modifiedAt).toEqual(modifiedAt);
    expect(last.entry?.size).toBe(chunk.byteLength + 1);
  });

  it('treats a chunk the server already took as done (a lost answer), and reports the offset', async () => {
    const { od } = await provider();
    const chunk = new Uint8Array(327_680).fill(1);
    const state = await od.createUploadSession(
      { parent: { path: '/' }, name: 'dup.bin' },
      {
        conflict: 'fail',
        size: 2 * chunk.byteLength,
        chunkSize: chunk.byteLength,
      },
    );
    const first = await od.uploadChunk(state, chunk, { final: false });
    const again = await od.uploadChunk(state, chunk, { final: false });
    expect(again.state.offset).toBe(first.state.offset);
    expect((await od.uploadStatus(state)).offset).toBe(chunk.byteLength);
    const done = await od.uploadChunk(again.state, chunk, { final: true });
    expect(done.entry?.size).toBe(2 * chunk.byteLength);
    await od.abortUpload(done.state);
    const err = await rejection(od.uploadStatus(done.state));
    expect(err.code).toBe('NotFound');
    expect(err.message).toMatch(/expired or was cancelled/);
  });

  it('needs the total size and a chunk size Graph accepts before a session starts', async () => {
    const { od } = await provider();
    const dest = { parent: { path: '/' }, name: 'n.bin' };
    expect(
      (await rejection(od.createUploadSession(dest, { conflict: 'fail', chunkSize: 327_680 })))
        .code,
    ).toBe('Unsupported');
    expect(
      (
        await rejection(
          od.createUploadSession(dest, { conflict: 'fail', size: 10, chunkSize: 1000 }),
        )
      ).code,
    ).toBe('InvalidArgument');
  });

  it('copies through the monitor URL, whatever status the monitor answers with', async () => {
    for (const copyCompletedStatus of [202, 200, 303] as const) {
      const { emu, od } = await provider({ copyInProgressPolls: 2, copyCompletedStatus });
      emu.microsoft.seed(EMAIL, { '/src.txt': 'copy me', '/dest': null });
      const copied = await od.copy(
        { path: '/src.txt' },
        { parent: { path: '/dest' }, name: 'copy.txt' },
        { conflict: 'fail' },
      );
      expect(copied).toMatchObject({
        kind: 'file',
        name: 'copy.txt',
        path: '/dest/copy.txt',
        size: 7,
      });
      expect((await readAll(od, '/dest/copy.txt')).text).toBe('copy me');
      const monitorCalls = emu.faults.requests().filter((r) => r.path.startsWith('/monitor/'));
      expect(monitorCalls.length).toBeGreaterThanOrEqual(3);
      await emu.stop();
      emulator = undefined;
    }
  });

  it('stops polling a copy when the signal aborts', async () => {
    const { emu, od } = await provider({ copyInProgressPolls: 1000 });
    emu.microsoft.seed(EMAIL, { '/src.txt': 'x' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const err = await rejection(
      od.copy(
        { path: '/src.txt' },
        { parent: { path: '/' }, name: 'c.txt' },
        { conflict: 'fail', signal: controller.signal },
      ),
    );
    expect(err.code).toBe('Cancelled');
  });

  it('searches with quotes in the text, under a folder', async () => {
    const { emu, od } = await provider();
    emu.microsoft.seed(EMAIL, { "/in/it's here.txt": 'a', "/out/it's there.txt": 'b' });
    const page = await od.search({ text: "it's", within: { path: '/in' } });
    expect(page.entries.map((e) => e.name)).toEqual(["it's here.txt"]);
  });

  it('reports deletes in the change feed and asks for a resync when the cursor has expired', async () => {
    const { emu, od } = await provider();
    const start = await od.changes(undefined);
    expect(start.changes).toEqual([]);
    const file = await od.writeSmall({ parent: { path: '/' }, name: 'c.txt' }, text('c'), {
      conflict: 'fail',
    });
    await od.delete({ id: file.id });
    const page = await od.changes(start.cursor);
    expect(page.changes).toContainEqual({ type: 'delete', id: file.id });
    expect(page.changes.some((c) => c.type === 'upsert' && c.entry.id === file.id)).toBe(false);
    emu.microsoft.invalidateDeltaTokens(EMAIL);
    const err = await rejection(od.changes(page.cursor));
    expect(err.httpStatus).toBe(410);
    expect(err.message).toMatch(/Resync from scratch/);
  });

  it('refuses cursors and passthrough URLs that would send the token off Graph', async () => {
    const { od } = await provider();
    const forged = Buffer.from(JSON.stringify({ u: 'http://127.0.0.1:9/steal' })).toString(
      'base64url',
    );
    const err = await rejection(od.listPage({ path: '/' }, { cursor: forged }));
    expect(err.code).toBe('InvalidArgument');
    expect(err.message).toMatch(/outside Microsoft Graph/);
    expect((await rejection(od.listPage({ path: '/' }, { cursor: 'not a cursor' }))).code).toBe(
      'InvalidArgument',
    );
    expect(
      (await rejection(od.passthrough({ method: 'GET', path: 'https://example.com/x' }))).code,
    ).toBe('InvalidArgument');
    const me = await od.passthrough({ method: 'GET', path: '/me' });
    expect(((await me.json()) as { mail: string }).mail).toBe(EMAIL);
  });

  it('normalises permissions and sharing links', async () => {
    const { emu, od } = await provider();
    emu.microsoft.seed(EMAIL, { '/p.txt': 'p' });
    const ref = { path: '/p.txt' };
    const invited = await od.addPermission(ref, {
      type: 'user',
      role: 'writer',
      email: 'bob@example.com',
    });
    expect(invited).toMatchObject({ type: 'user', role: 'writer', email: 'bob@example.com' });
    const anyone = await od.addPermission(ref, { type: 'anyone', role: 'reader' });
    expect(anyone).toMatchObject({ type: 'anyone', role: 'reader', link: { scope: 'anyone' } });
    const edit = await od.createShareLink(ref, { role: 'writer', scope: 'anyone' });
    expect(edit).toMatchObject({ role: 'writer', scope: 'anyone' });
    expect(edit.url).toMatch(/^https:\/\//);
    expect((await od.listShareLinks(ref)).map((l) => l.id).sort()).toEqual(
      [anyone.id, edit.id].sort(),
    );
    await od.revokeShareLink(ref, edit.id);
    await od.removePermission(ref, invited.id);
    const left = (await od.listPermissions(ref)).map((p) => p.id);
    expect(left).toContain(anyone.id);
    expect(left).not.toContain(invited.id);
    expect(left).not.toContain(edit.id);
    expect(
      (await rejection(od.addPermission(ref, { type: 'domain', role: 'reader', domain: 'x.com' })))
        .code,
    ).toBe('Unsupported');
  });

  it('reports the drive owner and quota', async () => {
    const { od } = await provider();
    const info = await od.about();
    expect(info.owner?.email).toBe(EMAIL);
    expect(info.quota?.total).toBeGreaterThan(0);
    expect(info.driveType).toBe('personal');
  });

  it('keeps one account per store key and picks it by username', async () => {
    emulator = await startOneDriveEmulator({ accounts: [{ email: 'bob@example.com' }] });
    const tokenStore = new MemoryTokenStore();
    await signIn(emulatorAuth(emulator, { tokenStore }), 'bob@example.com');
    const auth = await signIn(emulatorAuth(emulator, { tokenStore }), EMAIL);
    expect((await auth.getAccount())?.username).toBe(EMAIL);
    const named = emulatorAuth(emulator, {
      tokenStore,
      accountKey: auth.accountKey,
      account: 'ADA@example.com',
    });
    expect((await named.getAccount())?.username).toBe(EMAIL);
  });
});
