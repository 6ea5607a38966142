import { createCipheriv, createHash } from 'node:crypto';
import { applyLayers, Drive, defaultLayers, PolydriveError } from '@polydrive/core';
import type { EmulatorHandle, RequestRecord } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createGoogleDriveProvider } from '../src/index.js';
import {
  EMAIL,
  emulatorAuth,
  emulatorEndpoints,
  signIn,
  startGoogleEmulator,
} from './support/emulator.js';

const MIB = 1024 * 1024;
const CHUNK = 8 * MIB;

let emulator: EmulatorHandle | undefined;

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/**
 * `size` deterministic pseudo-random bytes (an AES-CTR keystream keyed by the seed), made piece by
 * piece as they are consumed, so a large source is never held in memory.
 */
async function* generated(size: number, seed: number, piece = MIB): AsyncGenerator<Uint8Array> {
  const key = createHash('sha256').update(`seed-${seed}`).digest();
  const keystream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  for (let done = 0; done < size; done += piece) {
    yield new Uint8Array(keystream.update(Buffer.alloc(Math.min(piece, size - done))));
  }
}

async function digestsOf(
  source: AsyncIterable<Uint8Array>,
): Promise<{ md5: string; sha256: string; bytes: number }> {
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let bytes = 0;
  for await (const piece of source) {
    md5.update(piece);
    sha256.update(piece);
    bytes += piece.byteLength;
  }
  return { md5: md5.digest('hex'), sha256: sha256.digest('hex'), bytes };
}

async function setUp(): Promise<{ emulator: EmulatorHandle; drive: Drive }> {
  emulator = await startGoogleEmulator();
  const auth = await signIn(emulatorAuth(emulator));
  const provider = createGoogleDriveProvider({
    auth,
    chunkSize: CHUNK,
    ...emulatorEndpoints(emulator),
  });
  const drive = new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 20 } })));
  return { emulator, drive };
}

function sessionPuts(records: RequestRecord[]): RequestRecord[] {
  return records.filter((r) => r.method === 'PUT' && r.path.includes('upload_id='));
}

/** Every request refused with Retry-After was sent again no sooner than that (1 s). */
function expectRetryAfterHonoured(records: RequestRecord[]): number {
  const throttled = records.filter((r) => r.status === 429);
  for (const hit of throttled) {
    const next = records.find(
      (r) => r.time >= hit.time && r !== hit && r.method === hit.method && r.path === hit.path,
    );
    expect(next, `retry of ${hit.method} ${hit.path}`).toBeDefined();
    expect((next as RequestRecord).time - hit.time).toBeGreaterThanOrEqual(1000);
  }
  return throttled.length;
}

describe('faults through the Drive facade with the default layers', () => {
  it('uploads 64 MiB byte-identical through a rate-limit storm, a dropped chunk and an expiring token', async () => {
    const { emulator: emu, drive } = await setUp();
    const size = 64 * MIB;
    const seed = 64;
    const tokenCalls = () =>
      emu.faults.requests().filter((r) => r.host === 'oauth2.googleapis.com').length;
    const tokensBefore = tokenCalls();
    // The storm hits the session's first chunk; the other faults are armed as the upload moves on.
    emu.google.injectError({
      reason: 'userRateLimitExceeded',
      method: 'PUT',
      path: 'upload_id=',
      times: 2,
    });
    emu.google.injectError({
      reason: 'rateLimitExceeded',
      status: 429,
      retryAfter: 1,
      method: 'PUT',
      path: 'upload_id=',
    });
    const armed = new Set<string>();
    const entry = await drive.write('/big/64mib.bin', generated(size, seed), {
      size,
      createParents: true,
      onProgress: ({ bytes }) => {
        if (bytes >= 2 * CHUNK && !armed.has('drop')) {
          armed.add('drop');
          emu.faults.inject({ kind: 'drop', phase: 'request', method: 'PUT', path: 'upload_id=' });
        }
        if (bytes >= 4 * CHUNK && !armed.has('token')) {
          armed.add('token');
          emu.google.expireTokens();
        }
      },
    });
    const expected = await digestsOf(generated(size, seed));
    expect(entry.size).toBe(size);
    expect(entry.hashes).toMatchObject({ md5: expected.md5, sha256: expected.sha256 });

    const records = emu.faults.requests();
    expect(expectRetryAfterHonoured(records)).toBe(1);
    const puts = sessionPuts(records);
    expect(puts.filter((r) => r.status === 403)).toHaveLength(2);
    expect(puts.some((r) => r.fault === 'drop')).toBe(true);
    expect(armed).toEqual(new Set(['drop', 'token']));

    // The token expired mid-upload (chunks need none); the next Drive call refreshes once.
    expect(await digestsOf(await drive.read('/big/64mib.bin'))).toEqual(expected);
    expect(tokenCalls()).toBe(tokensBefore + 1);
    expect(emu.google.openUploadSessions()).toBe(0);
    expect(emu.google.stat(EMAIL, '/big/64mib.bin')?.md5).toBe(expected.md5);
  }, 60_000);

  it('an expired upload session ends in a clear error or a clean restart, never a corrupt file', async () => {
    const { emulator: emu, drive } = await setUp();
    await drive.write('/keep.bin', 'the old content');
    const size = 3 * CHUNK + 1000;
    let armed = false;
    let outcome: PolydriveError | undefined;
    try {
      await drive.write('/keep.bin', generated(size, 7), {
        size,
        onProgress: () => {
          if (armed) return;
          armed = true;
          emu.faults.inject({ kind: 'sessionExpired', method: 'PUT', path: 'upload_id=' });
        },
      });
    } catch (err) {
      if (!(err instanceof PolydriveError)) throw err;
      outcome = err;
    }
    expect(armed).toBe(true);
    const content = await digestsOf(await drive.read('/keep.bin'));
    if (outcome) {
      expect(outcome.code).toBe('NotFound');
      expect(outcome.message).toMatch(/upload session has expired/);
      expect(outcome.message).toMatch(/Start the upload again/);
      expect(content.sha256).toBe(createHash('sha256').update('the old content').digest('hex'));
    } else {
      expect(content).toEqual(await digestsOf(generated(size, 7)));
    }
    expect(emu.google.openUploadSessions()).toBe(0);
  });

  it('retries 403 usage limits with backoff and never sends a 429 again before its Retry-After', async () => {
    const { emulator: emu, drive } = await setUp();
    await drive.write('/t.txt', 'throttled');
    emu.faults.clearRequests();
    emu.google.injectError({ reason: 'userRateLimitExceeded', method: 'GET', times: 2 });
    emu.google.injectError({
      reason: 'rateLimitExceeded',
      status: 429,
      retryAfter: 1,
      method: 'GET',
    });
    expect((await drive.stat('/t.txt')).name).toBe('t.txt');
    const records = emu.faults.requests();
    expect(records.map((r) => r.status)).toEqual([403, 403, 429, 200]);
    const [, , throttled, done] = records as [
      RequestRecord,
      RequestRecord,
      RequestRecord,
      RequestRecord,
    ];
    expect(done.time - throttled.time).toBeGreaterThanOrEqual(1000);
  });

  it('does not retry storageQuotaExceeded, and says so', async () => {
    const { emulator: emu, drive } = await setUp();
    emu.faults.clearRequests();
    emu.google.injectError({
      reason: 'storageQuotaExceeded',
      method: 'POST',
      path: '/upload/drive/v3/files',
    });
    const err = (await drive
      .write('/full.txt', 'no room')
      .catch((e: unknown) => e)) as PolydriveError;
    expect(err).toBeInstanceOf(PolydriveError);
    expect([err.code, err.retryable, err.providerCode]).toEqual([
      'QuotaExceeded',
      false,
      'storageQuotaExceeded',
    ]);
    expect(err.message).toMatch(/not retried/);
    expect(emu.faults.requests().filter((r) => r.path.startsWith('/upload/'))).toHaveLength(1);
  });

  it('maps Drive answers to retryable and final errors', async () => {
    emulator = await startGoogleEmulator();
    const { accessToken } = emulator.google.mintToken(EMAIL);
    const provider = createGoogleDriveProvider({ accessToken, ...emulatorEndpoints(emulator) });
    const errorOf = async (inject: () => void) => {
      inject();
      try {
        await provider.stat({ path: '/' });
      } catch (err) {
        return err as PolydriveError;
      }
      throw new Error('the call did not fail');
    };
    const emu = emulator;
    const user = await errorOf(() => emu.google.injectError({ reason: 'userRateLimitExceeded' }));
    expect([user.code, user.retryable, user.httpStatus, user.providerCode]).toEqual([
      'RateLimited',
      true,
      403,
      'userRateLimitExceeded',
    ]);
    const rate = await errorOf(() =>
      emu.google.injectError({ reason: 'rateLimitExceeded', status: 429, retryAfter: 7 }),
    );
    expect([rate.code, rate.retryable, rate.retryAfterMs]).toEqual(['RateLimited', true, 7000]);
    const daily = await errorOf(() => emu.google.injectError({ reason: 'dailyLimitExceeded' }));
    expect([daily.code, daily.retryable]).toEqual(['RateLimited', false]);
    const unavailable = await errorOf(() =>
      emu.faults.inject({ kind: 'status', status: 503, host: 'www.googleapis.com' }),
    );
    expect([unavailable.code, unavailable.retryable]).toEqual(['Transient', true]);
    const denied = await errorOf(() =>
      emu.faults.inject({ kind: 'status', status: 403, host: 'www.googleapis.com' }),
    );
    expect([denied.code, denied.providerCode]).toEqual([
      'PermissionDenied',
      'insufficientFilePermissions',
    ]);
    const expired = await errorOf(() =>
      emu.faults.inject({ kind: 'expiredToken', host: 'www.googleapis.com' }),
    );
    expect(expired.code).toBe('Unauthenticated');
    const dropped = await errorOf(() =>
      emu.faults.inject({ kind: 'drop', host: 'www.googleapis.com' }),
    );
    expect([dropped.code, dropped.retryable]).toEqual(['Transient', true]);
    for (const err of [user, rate, daily, unavailable, denied, expired, dropped]) {
      expect(err.message).not.toContain(accessToken);
    }
  });
});
