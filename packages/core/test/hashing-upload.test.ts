import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type DriveWriteOptions, resumeUploadStream, uploadStream } from '../src/drive/upload.js';
import { hashBytes } from '../src/hashing/index.js';
import type { FileEntry, HashKind } from '../src/model/entry.js';
import type { ChunkOptions, CreateUploadOptions, UploadState } from '../src/provider/provider.js';
import {
  createScriptedProvider,
  SCRIPTED_CAPABILITIES,
  type ScriptedProvider,
} from './support/scripted-provider.js';

interface StoreOptions {
  /** The provider's `capabilities.hashes`. */
  readonly declared?: HashKind[];
  /** The kinds the stored file reports. */
  readonly reported?: HashKind[];
  /** The store flips a bit of the first byte, as a broken transfer would. */
  readonly corrupt?: boolean;
}

/**
 * A provider that keeps the bytes it is sent. Like real providers, it builds each new state by
 * spreading the one it was given, so it hands back whatever fields the facade put in.
 */
function byteStore(options: StoreOptions = {}) {
  const provider: ScriptedProvider = Object.assign(createScriptedProvider(), {
    capabilities: { ...SCRIPTED_CAPABILITIES, hashes: options.declared ?? [] },
  });
  const sessions = new Map<string, Uint8Array[]>();
  const sentWith: UploadState[] = [];
  const stored = (parts: Uint8Array[]): FileEntry => {
    const data = Buffer.concat(parts);
    if (options.corrupt) data[0] = (data[0] as number) ^ 1;
    const hashes = hashBytes(options.reported ?? [], data);
    return { kind: 'file', id: 'id-f', name: 'f.bin', size: data.length, hashes };
  };
  const received = (state: UploadState) =>
    (sessions.get(state.session.id as string) ?? []).reduce((n, p) => n + p.byteLength, 0);
  provider.respond('writeSmall', ([, data]) => stored([data as Uint8Array]));
  provider.respond('createUploadSession', ([destination, create]) => {
    const { size, chunkSize, conflict } = create as CreateUploadOptions;
    const id = `s${sessions.size}`;
    sessions.set(id, []);
    const state: UploadState = {
      version: 1,
      provider: 'scripted',
      destination: destination as UploadState['destination'],
      size: size ?? null,
      chunkSize,
      offset: 0,
      conflict,
      createdAt: '2024-01-01T00:00:00.000Z',
      session: { id },
    };
    return state;
  });
  provider.respond('uploadChunk', ([given, chunk, chunkOptions]) => {
    const state = given as UploadState;
    sentWith.push(state);
    const parts = sessions.get(state.session.id as string) as Uint8Array[];
    parts.push((chunk as Uint8Array).slice());
    const next = { ...state, offset: state.offset + (chunk as Uint8Array).byteLength };
    return (chunkOptions as ChunkOptions).final
      ? { state: next, entry: stored(parts) }
      : { state: next };
  });
  provider.respond('uploadStatus', ([given]) => {
    const state = given as UploadState;
    return { ...state, offset: received(state) };
  });
  provider.respond('abortUpload', () => undefined);
  return { provider, sentWith };
}

const DEST = { parent: { path: '/' }, name: 'f.bin' };
const text = (s: string) => new TextEncoder().encode(s);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function* pieces(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield text(part);
}

/** Yields `parts`, then fails as a broken source would. */
async function* failingAfter(...parts: string[]): AsyncGenerator<Uint8Array> {
  yield* pieces(...parts);
  throw new Error('source broke');
}

/** Starts a session upload of chunks of 4 that breaks after `sent`; returns the last saved state. */
async function brokenUpload(store: ReturnType<typeof byteStore>, sent: string) {
  const saved: UploadState[] = [];
  await expect(
    uploadStream(store.provider, DEST, '/f.bin', failingAfter(sent), {
      mode: 'session',
      chunkSize: 4,
      keepSession: true,
      onState: (state) => {
        saved.push(state);
      },
    }),
  ).rejects.toThrow(/source broke/);
  return saved.at(-1) as UploadState;
}

const session: DriveWriteOptions = { mode: 'session', chunkSize: 4 };

describe('the source hash of a resumable upload', () => {
  it('is not computed when nobody saves the state', async () => {
    const store = byteStore();
    await uploadStream(store.provider, DEST, '/f.bin', pieces('abcdefghij'), session);
    expect(store.sentWith).toHaveLength(3);
    expect(store.sentWith.map((state) => state.sourceSha256)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('covers the bytes sent so far in every state given to onState', async () => {
    const store = byteStore();
    const saved: UploadState[] = [];
    await uploadStream(store.provider, DEST, '/f.bin', pieces('abcdefghij'), {
      ...session,
      onState: (state) => {
        saved.push(state);
      },
    });
    expect(saved.map((state) => [state.offset, state.sourceSha256])).toEqual([
      [0, undefined],
      [4, sha256('abcd')],
      [8, sha256('abcdefgh')],
    ]);
  });

  it('still refuses a changed source on resume, whether or not the resume saves states', async () => {
    const store = byteStore();
    const state = await brokenUpload(store, 'abcdefgh');
    expect(state.offset).toBe(4);
    for (const options of [{}, { onState: () => undefined }]) {
      await expect(
        resumeUploadStream(store.provider, state, pieces('abXdefghij'), options),
      ).rejects.toMatchObject({ code: 'PreconditionFailed' });
    }
    const entry = await resumeUploadStream(store.provider, state, pieces('abcdefghij'), {});
    expect(entry.size).toBe(10);
  });

  it('is dropped after a resume from an offset, so a later whole-source resume is accepted', async () => {
    const store = byteStore();
    const first = await brokenUpload(store, 'abcdefgh');
    const saved: UploadState[] = [];
    await expect(
      resumeUploadStream(store.provider, first, failingAfter('efghij'), {
        sourceOffset: 4,
        keepSession: true,
        onState: (state) => {
          saved.push(state);
        },
      }),
    ).rejects.toThrow(/source broke/);
    const second = saved.at(-1) as UploadState;
    expect(second.offset).toBe(8);
    expect(second.sourceSha256).toBeUndefined();
    const entry = await resumeUploadStream(store.provider, second, pieces('abcdefghij'), {});
    expect(entry.size).toBe(10);
  });
});

describe('verification of the stored file', () => {
  it('checks a one-request upload by the kind the stored file reports, declared or not', async () => {
    for (const declared of [['sha256'], []] as HashKind[][]) {
      const good = byteStore({ declared, reported: ['md5'] });
      await expect(
        uploadStream(good.provider, DEST, '/f.bin', pieces('hello'), {}),
      ).resolves.toMatchObject({ size: 5 });
      const bad = byteStore({ declared, reported: ['md5'], corrupt: true });
      await expect(
        uploadStream(bad.provider, DEST, '/f.bin', pieces('hello'), {}),
      ).rejects.toMatchObject({ code: 'IntegrityError', message: expect.stringContaining('md5') });
    }
  });

  it('lets verify: false skip the check of a one-request upload', async () => {
    const bad = byteStore({ declared: ['sha256'], reported: ['sha256'], corrupt: true });
    await expect(
      uploadStream(bad.provider, DEST, '/f.bin', pieces('hello'), { verify: false }),
    ).resolves.toMatchObject({ size: 5 });
  });

  it('checks a session by the declared kind, hashing each byte once across a resume', async () => {
    const bad = byteStore({ declared: ['sha256'], reported: ['sha256'], corrupt: true });
    await expect(
      uploadStream(bad.provider, DEST, '/f.bin', pieces('abcdefghij'), session),
    ).rejects.toMatchObject({ code: 'IntegrityError' });
    const good = byteStore({ declared: ['sha256'], reported: ['sha256'] });
    const state = await brokenUpload(good, 'abcdefgh');
    // A byte hashed twice (skipped and then sent) would make the whole-file hash disagree.
    const entry = await resumeUploadStream(good.provider, state, pieces('abcdef', 'ghij'), {});
    expect(entry.hashes.sha256).toBe(sha256('abcdefghij'));
  });
});
