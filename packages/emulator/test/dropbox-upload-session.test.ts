import { randomBytes } from 'node:crypto';
import type { DropboxResponseError } from 'dropbox';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type DropboxHarness,
  type Json,
  referenceContentHash,
  startDropbox,
} from './support/dropbox-harness.js';
import { heldBody } from './support/held-body.js';

let h: DropboxHarness;
afterEach(async () => {
  await h.emu.stop();
});

async function sdkError(
  call: Promise<unknown>,
): Promise<DropboxResponseError<{ error_summary: string; error: Record<string, unknown> }>> {
  try {
    await call;
  } catch (error) {
    return error as DropboxResponseError<{ error_summary: string; error: Record<string, unknown> }>;
  }
  throw new Error('the call succeeded');
}

/** An append_v2 whose body sends `at` bytes, then the rest once `release` is called. */
function heldAppend(
  sessionId: string,
  offset: number,
  bytes: Uint8Array,
  at: number,
): { answer: Promise<Response>; release: () => void } {
  const { body, release } = heldBody(bytes, at);
  const answer = fetch(`${h.emu.urls.dropboxContent}/2/files/upload_session/append_v2`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${h.token}`,
      'content-type': 'application/octet-stream',
      'content-length': String(bytes.length),
      'dropbox-api-arg': JSON.stringify({ cursor: { session_id: sessionId, offset } }),
    },
    body,
    duplex: 'half',
  } as RequestInit);
  return { answer, release };
}

describe('upload sessions', () => {
  it('start, append_v2 and finish build the file; content_hash covers 4 MiB blocks', async () => {
    h = await startDropbox();
    const data = randomBytes(9 * 1024 * 1024 + 123);
    const part = 4 * 1024 * 1024;
    const start = await h.sdk.filesUploadSessionStart({ contents: data.subarray(0, part) });
    const sessionId = start.result.session_id;
    expect(h.emu.dropbox.openUploadSessions()).toBe(1);
    await h.sdk.filesUploadSessionAppendV2({
      cursor: { session_id: sessionId, offset: part },
      contents: data.subarray(part, 2 * part),
    });
    const done = await h.sdk.filesUploadSessionFinish({
      cursor: { session_id: sessionId, offset: 2 * part },
      commit: { path: '/big.bin', mode: { '.tag': 'add' } },
      contents: data.subarray(2 * part),
    });
    expect(done.result.size).toBe(data.length);
    expect(done.result.content_hash).toBe(referenceContentHash(data));
    expect(h.emu.dropbox.readFile(h.email, '/big.bin')?.equals(data)).toBe(true);
    expect(h.emu.dropbox.openUploadSessions()).toBe(0);
  });

  it('takes an append whose offset became right while its body arrived', async () => {
    h = await startDropbox();
    const part = 1024 * 1024;
    const data = randomBytes(3 * part);
    const start = await h.content('files/upload_session/start', { close: false });
    const sessionId = start.json.session_id as string;
    const first = heldAppend(sessionId, 0, data.subarray(0, part), 1000);
    const second = heldAppend(sessionId, part, data.subarray(part, 2 * part), 1000);
    first.release();
    expect((await first.answer).status).toBe(200);
    second.release();
    expect((await second.answer).status).toBe(200);
    const done = await h.content(
      'files/upload_session/finish',
      { cursor: { session_id: sessionId, offset: 2 * part }, commit: { path: '/held.bin' } },
      data.subarray(2 * part),
    );
    expect(done.status).toBe(200);
    expect(done.json.content_hash).toBe(referenceContentHash(data));
    expect(h.emu.dropbox.readFile(h.email, '/held.bin')?.equals(data)).toBe(true);
  });

  it('answers a wrong offset with incorrect_offset and the correct offset', async () => {
    h = await startDropbox();
    const start = await h.sdk.filesUploadSessionStart({ contents: Buffer.from('abc') });
    const cursor = { session_id: start.result.session_id, offset: 1 };
    const append = await sdkError(
      h.sdk.filesUploadSessionAppendV2({ cursor, contents: Buffer.from('d') }),
    );
    expect(append.status).toBe(409);
    expect(append.error.error_summary).toMatch(/^incorrect_offset\//);
    expect(append.error.error).toEqual({ '.tag': 'incorrect_offset', correct_offset: 3 });
    const finish = await sdkError(
      h.sdk.filesUploadSessionFinish({
        cursor,
        commit: { path: '/f.txt' },
        contents: Buffer.alloc(0),
      }),
    );
    expect(finish.error.error_summary).toMatch(/^lookup_failed\/incorrect_offset\//);
    expect(finish.error.error).toEqual({
      '.tag': 'lookup_failed',
      lookup_failed: { '.tag': 'incorrect_offset', correct_offset: 3 },
    });
    const empty = await h.sdk.filesUploadSessionAppendV2({
      cursor: { session_id: start.result.session_id, offset: 3 },
      contents: Buffer.alloc(0),
    });
    expect(empty.result).toBeNull();
  });

  it('refuses appends after close and unknown sessions; a failed commit keeps the session', async () => {
    h = await startDropbox();
    await h.sdk.filesUpload({ path: '/taken.txt', contents: 'taken' });
    const start = await h.sdk.filesUploadSessionStart({ contents: Buffer.from('xy'), close: true });
    const cursor = { session_id: start.result.session_id, offset: 2 };
    const closed = await sdkError(
      h.sdk.filesUploadSessionAppendV2({ cursor, contents: Buffer.from('z') }),
    );
    expect(closed.error.error_summary).toMatch(/^closed\//);
    const conflict = await sdkError(
      h.sdk.filesUploadSessionFinish({
        cursor,
        commit: { path: '/taken.txt' },
        contents: Buffer.alloc(0),
      }),
    );
    expect(conflict.error.error_summary).toMatch(/^path\/conflict\/file\//);
    const done = await h.sdk.filesUploadSessionFinish({
      cursor,
      commit: { path: '/free.txt' },
      contents: Buffer.alloc(0),
    });
    expect(done.result.size).toBe(2);
    const gone = await sdkError(
      h.sdk.filesUploadSessionAppendV2({
        cursor: { session_id: 'nope', offset: 0 },
        contents: Buffer.alloc(0),
      }),
    );
    expect(gone.error.error_summary).toMatch(/^not_found\//);
  });

  it('expires sessions after their lifetime', async () => {
    let now = Date.now();
    h = await startDropbox({ now: () => now, dropbox: { uploadSessionLifetimeSeconds: 60 } });
    const start = await h.sdk.filesUploadSessionStart({ contents: Buffer.from('a') });
    now += 61_000;
    const expired = await sdkError(
      h.sdk.filesUploadSessionAppendV2({
        cursor: { session_id: start.result.session_id, offset: 1 },
        contents: Buffer.from('b'),
      }),
    );
    expect(expired.error.error_summary).toMatch(/^not_found\//);
  });

  it('limits each request body to maxRequestBytes', async () => {
    h = await startDropbox({ dropbox: { maxRequestBytes: 1000 } });
    const start = await h.sdk.filesUploadSessionStart({ contents: Buffer.alloc(1000) });
    const over = await sdkError(
      h.sdk.filesUploadSessionAppendV2({
        cursor: { session_id: start.result.session_id, offset: 1000 },
        contents: Buffer.alloc(1001),
      }),
    );
    expect(over.error.error_summary).toMatch(/^payload_too_large\//);
  });
});

describe('finish_batch_v2 and the write lock', () => {
  it('commits many closed sessions at once, answering per entry', async () => {
    h = await startDropbox();
    await h.sdk.filesUpload({ path: '/b/taken.txt', contents: 'old' });
    const open = async (text: string, close = true) =>
      (await h.sdk.filesUploadSessionStart({ contents: Buffer.from(text), close })).result
        .session_id;
    const entries = [
      { cursor: { session_id: await open('one'), offset: 3 }, commit: { path: '/b/one.txt' } },
      { cursor: { session_id: await open('two'), offset: 3 }, commit: { path: '/b/taken.txt' } },
      { cursor: { session_id: await open('3', false), offset: 1 }, commit: { path: '/b/3.txt' } },
      { cursor: { session_id: await open('four'), offset: 9 }, commit: { path: '/b/4.txt' } },
    ];
    const result = await h.sdk.filesUploadSessionFinishBatchV2({ entries });
    const [one, taken, notClosed, wrongOffset] = result.result.entries as Json[];
    expect(one).toMatchObject({ '.tag': 'success', name: 'one.txt', size: 3 });
    expect(taken).toEqual({
      '.tag': 'failure',
      failure: { '.tag': 'path', path: { '.tag': 'conflict', conflict: { '.tag': 'file' } } },
    });
    expect(notClosed?.failure).toEqual({
      '.tag': 'lookup_failed',
      lookup_failed: { '.tag': 'not_closed' },
    });
    expect(wrongOffset?.failure.lookup_failed).toEqual({
      '.tag': 'incorrect_offset',
      correct_offset: 4,
    });
  });

  it('refuses overlapping commits with 429 too_many_write_operations and Retry-After', async () => {
    h = await startDropbox({ dropbox: { writeLockMs: 40, writeLockRetryAfterSeconds: 1 } });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        h.content('files/upload', { path: `/w${i}.txt` }, Buffer.from('w')),
      ),
    );
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
    expect(refused[0]?.headers.get('retry-after')).toBe('1');
    expect(refused[0]?.json).toMatchObject({
      error: { reason: { '.tag': 'too_many_write_operations' }, retry_after: 1 },
    });
    expect(refused[0]?.json.error_summary).toMatch(/^too_many_write_operations\//);
  });

  it('a batch takes the lock once for all its files', async () => {
    h = await startDropbox({ dropbox: { writeLockMs: 40 } });
    const sessions = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => ({
        cursor: {
          session_id: (
            await h.sdk.filesUploadSessionStart({ contents: Buffer.from(`f${i}`), close: true })
          ).result.session_id,
          offset: `f${i}`.length,
        },
        commit: { path: `/batch/f${i}.txt` },
      })),
    );
    const result = await h.sdk.filesUploadSessionFinishBatchV2({ entries: sessions });
    expect(result.result.entries.every((entry) => entry['.tag'] === 'success')).toBe(true);
    const listed = await h.sdk.filesListFolder({ path: '/batch' });
    expect(listed.result.entries).toHaveLength(20);
  });
});
