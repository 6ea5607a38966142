import {
  applyLayers,
  Drive,
  defaultLayers,
  PolydriveError,
  STREAM_BODY_MIN_BYTES,
} from '@polydrive/core';
import type { EmulatorHandle, RequestRecord } from '@polydrive/emulator';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGoogleDriveProvider, type GoogleDriveProviderOptions } from '../src/index.js';
import { EMAIL, emulatorEndpoints, startGoogleEmulator } from './support/emulator.js';

let emulator: EmulatorHandle;

afterEach(async () => {
  vi.restoreAllMocks();
  await emulator?.stop();
});

async function setUp(options: Partial<GoogleDriveProviderOptions> = {}): Promise<Drive> {
  emulator = await startGoogleEmulator();
  const { accessToken } = emulator.google.mintToken(EMAIL);
  const provider = createGoogleDriveProvider({
    accessToken,
    ...emulatorEndpoints(emulator),
    ...options,
  });
  return new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 5 } })));
}

/** The requests since the last call, as `METHOD /path` without the query. */
function requestsSince(): string[] {
  const records: RequestRecord[] = emulator.faults.requests();
  emulator.faults.clearRequests();
  return records.map((r) => `${r.method} ${r.path.replace(/\?.*$/, '')}`);
}

const LOOKUP = 'GET /drive/v3/files';
const CREATE = 'POST /upload/drive/v3/files';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PolydriveError);
  return (err as PolydriveError).code;
}

/** Moves the clock forward by `ms` (for the provider and the emulator alike). */
function passTime(ms: number): void {
  const now = Date.now();
  vi.spyOn(Date, 'now').mockReturnValue(now + ms);
}

describe('names in folders this drive created', () => {
  it('writes each new file with one request, and looks up a name it has used', async () => {
    const drive = await setUp();
    await drive.mkdir('/fresh');
    requestsSince();
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await drive.write(`/fresh/${name}`, name);
    expect(requestsSince()).toEqual([CREATE, CREATE, CREATE]);
    const again = await drive.write('/fresh/a.txt', 'new a');
    expect(requestsSince()).toEqual([LOOKUP, `PATCH /upload/drive/v3/files/${again.id}`]);
    expect(await codeOf(drive.write('/fresh/b.txt', 'x', { conflict: 'fail' }))).toBe(
      'AlreadyExists',
    );
    expect(emulator.google.readFile(EMAIL, '/fresh/a.txt')?.toString()).toBe('new a');
  });

  it("misses another client's name within nameCacheTtlMs, then lists the folder again", async () => {
    const drive = await setUp({ nameCacheTtlMs: 1000 });
    await drive.mkdir('/shared');
    // The documented trade-off: within the window, a name taken elsewhere is not seen.
    emulator.google.addFile(EMAIL, { name: 'early.txt', content: 'theirs', parent: '/shared' });
    await drive.write('/shared/early.txt', 'mine', { conflict: 'fail' });
    expect(await codeOf(drive.stat('/shared/early.txt'))).toBe('Conflict');
    passTime(1000);
    emulator.google.addFile(EMAIL, { name: 'late.txt', content: 'theirs', parent: '/shared' });
    requestsSince();
    expect(await codeOf(drive.write('/shared/late.txt', 'mine', { conflict: 'fail' }))).toBe(
      'AlreadyExists',
    );
    await drive.write('/shared/next.txt', 'mine');
    // One listing renewed what is known; the refused name was then looked up, the next was not.
    expect(requestsSince()).toEqual([LOOKUP, LOOKUP, CREATE]);
    expect(emulator.google.readFile(EMAIL, '/shared/late.txt')?.toString()).toBe('theirs');
  });

  it('looks every name up with nameCacheTtlMs 0', async () => {
    const drive = await setUp({ nameCacheTtlMs: 0 });
    await drive.mkdir('/plain');
    emulator.google.addFile(EMAIL, { name: 'taken.txt', content: 'theirs', parent: '/plain' });
    requestsSince();
    expect(await codeOf(drive.write('/plain/taken.txt', 'mine', { conflict: 'fail' }))).toBe(
      'AlreadyExists',
    );
    await drive.write('/plain/free.txt', 'mine');
    expect(requestsSince()).toEqual([LOOKUP, LOOKUP, CREATE]);
  });

  it('runs writes of one name one at a time, so they replace each other', async () => {
    const drive = await setUp();
    await drive.mkdir('/race');
    const texts = ['one', 'two', 'three', 'four'];
    await Promise.all(texts.map((text) => drive.write('/race/same.txt', text)));
    const names = [];
    for await (const entry of drive.list('/race')) names.push(entry.name);
    expect(names).toEqual(['same.txt']);
    expect(texts).toContain(await drive.readText('/race/same.txt'));
  });
});

describe('small uploads', () => {
  it('send the bytes as they are, whatever they hold, with the MIME type', async () => {
    const drive = await setUp();
    const tricky = new Uint8Array([
      ...new TextEncoder().encode('\r\n--polydrive-boundary\r\ncontent-type: x\r\n\r\n'),
      0,
      255,
      13,
      10,
      45,
      45,
    ]);
    const entry = await drive.write('/tricky.bin', tricky, { mimeType: 'text/plain' });
    expect(entry.mimeType).toBe('text/plain');
    expect(new Uint8Array(emulator.google.readFile(EMAIL, '/tricky.bin') ?? [])).toEqual(tricky);
    const empty = await drive.write('/empty.bin', new Uint8Array(0));
    expect(empty.size).toBe(0);
  });

  it('keep names and MIME types beyond ASCII, in one piece or streamed from 1 MiB up', async () => {
    await setUp();
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const provider = createGoogleDriveProvider({ accessToken, ...emulatorEndpoints(emulator) });
    const modifiedAt = new Date('2024-02-29T12:34:56.789Z');
    for (const size of [3, STREAM_BODY_MIN_BYTES - 1, STREAM_BODY_MIN_BYTES + 7]) {
      const bytes = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
      const name = `résumé ${size} 名前.bin`;
      emulator.faults.clearRequests();
      const entry = await provider.writeSmall({ parent: { path: '/' }, name }, bytes, {
        conflict: 'fail',
        mimeType: 'text/plain; charset=ütf-8',
        modifiedAt,
      });
      expect(requestsSince()).toEqual([LOOKUP, CREATE]);
      expect(entry).toMatchObject({
        name,
        size,
        mimeType: 'text/plain; charset=ütf-8',
        modifiedAt,
      });
      expect(Buffer.from(emulator.google.readFile(EMAIL, `/${name}`) ?? []).equals(bytes)).toBe(
        true,
      );
    }
  });
});
