import { createCipheriv, createHash } from 'node:crypto';
import { applyLayers, createHasher, Drive, defaultLayers, PolydriveError } from '@polydrive/core';
import type { EmulatorHandle, RequestRecord } from '@polydrive/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { CHUNK_DEFAULT_SIZE, createOneDriveProvider, type OneDriveAuth } from '../src/index.js';
import { emulatorAuth, signIn, startOneDriveEmulator } from './support/emulator.js';

const MIB = 1024 * 1024;

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
): Promise<{ sha256: string; quickXor: string }> {
  const sha = createHash('sha256');
  const quickXor = createHasher('quickXor');
  for await (const piece of source) {
    sha.update(piece);
    quickXor.update(piece);
  }
  return { sha256: sha.digest('hex'), quickXor: quickXor.digest() };
}

async function sha256OfStream(
  stream: ReadableStream<Uint8Array>,
): Promise<{ sha256: string; bytes: number }> {
  const sha = createHash('sha256');
  let bytes = 0;
  for await (const piece of stream) {
    sha.update(piece);
    bytes += piece.byteLength;
  }
  return { sha256: sha.digest('hex'), bytes };
}

interface Setup {
  emulator: EmulatorHandle;
  auth: OneDriveAuth;
  drive: Drive;
}

async function setUp(): Promise<Setup> {
  // Upload URLs are pre-authenticated: the emulator answers 401 if a chunk carries a bearer token.
  emulator = await startOneDriveEmulator({ rejectAuthorizationOnUploadUrl: true });
  const auth = await signIn(emulatorAuth(emulator));
  const provider = createOneDriveProvider({ auth, graphBaseUrl: emulator.urls.graph });
  const drive = new Drive(applyLayers(provider, defaultLayers({ retry: { baseDelayMs: 20 } })));
  return { emulator, auth, drive };
}

function chunkPuts(records: RequestRecord[]): RequestRecord[] {
  return records.filter((r) => r.method === 'PUT' && r.path.startsWith('/rup/'));
}

/** Every request that got a 429 was sent again no sooner than its Retry-After (1 s). */
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
  it('uploads 64 MiB byte-identical through a 429 storm, a dropped chunk and an expiring token', async () => {
    const { emulator: emu, drive } = await setUp();
    const size = 64 * MIB;
    const seed = 64;
    const tokenCalls = () =>
      emu.faults.requests().filter((r) => r.path.includes('/oauth2/v2.0/token')).length;
    const tokensBefore = tokenCalls();
    // The storm hits the first chunk; the others are armed as the upload moves on.
    emu.faults.inject({
      kind: 'status',
      status: 429,
      retryAfter: 1,
      host: 'api.onedrive.com',
      method: 'PUT',
      path: '/rup/',
      times: 2,
    });
    const armed = new Set<string>();
    const entry = await drive.write('/big/64mib.bin', generated(size, seed), {
      size,
      createParents: true,
      onProgress: ({ bytes }) => {
        if (bytes >= 2 * CHUNK_DEFAULT_SIZE && !armed.has('drop')) {
          armed.add('drop');
          emu.faults.inject({
            kind: 'drop',
            phase: 'request',
            host: 'api.onedrive.com',
            method: 'PUT',
            path: '/rup/',
          });
        }
        if (bytes >= 4 * CHUNK_DEFAULT_SIZE && !armed.has('token')) {
          armed.add('token');
          emu.microsoft.expireTokens();
        }
      },
    });
    const expected = await digestsOf(generated(size, seed));
    expect(entry.size).toBe(size);
    expect(entry.hashes.quickXor).toBe(expected.quickXor);

    const records = emu.faults.requests();
    expect(expectRetryAfterHonoured(records)).toBe(2);
    const puts = chunkPuts(records);
    expect(puts.some((r) => r.fault === 'drop')).toBe(true);
    expect(puts.every((r) => r.status !== 401)).toBe(true);
    expect(armed).toEqual(new Set(['drop', 'token']));

    // The token expired mid-upload: the next Graph call refreshes once and goes through.
    const read = await sha256OfStream(await drive.read('/big/64mib.bin'));
    expect(read).toEqual({ sha256: expected.sha256, bytes: size });
    expect(tokenCalls()).toBe(tokensBefore + 1);
    expect(emu.microsoft.openUploadSessions()).toBe(0);
  }, 60_000);

  it('an expired upload session ends in a clear error or a clean restart, never a corrupt file', async () => {
    const { emulator: emu, drive } = await setUp();
    await drive.write('/keep.bin', 'the old content');
    const size = 3 * CHUNK_DEFAULT_SIZE + 1000;
    let armed = false;
    let outcome: PolydriveError | undefined;
    try {
      await drive.write('/keep.bin', generated(size, 7), {
        size,
        onProgress: () => {
          if (armed) return;
          armed = true;
          emu.faults.inject({
            kind: 'sessionExpired',
            host: 'api.onedrive.com',
            method: 'PUT',
            path: '/rup/',
          });
        },
      });
    } catch (err) {
      if (!(err instanceof PolydriveError)) throw err;
      outcome = err;
    }
    expect(armed).toBe(true);
    const content = await sha256OfStream(await drive.read('/keep.bin'));
    if (outcome) {
      expect(outcome.code).toBe('NotFound');
      expect(outcome.message).toMatch(/upload session has expired/);
      expect(outcome.message).toMatch(/Start the upload again/);
      expect(content.sha256).toBe(createHash('sha256').update('the old content').digest('hex'));
    } else {
      expect(content).toEqual({
        sha256: (await digestsOf(generated(size, 7))).sha256,
        bytes: size,
      });
    }
    expect(emu.microsoft.openUploadSessions()).toBe(0);
  });

  it('never sends a throttled request again before its Retry-After', async () => {
    const { emulator: emu, drive } = await setUp();
    await drive.write('/t.txt', 'throttled');
    emu.faults.clearRequests();
    emu.faults.inject({
      kind: 'status',
      status: 429,
      retryAfter: 1,
      host: 'graph.microsoft.com',
      method: 'GET',
      times: 1,
    });
    emu.faults.inject({
      kind: 'status',
      status: 503,
      retryAfter: 1,
      host: 'graph.microsoft.com',
      method: 'GET',
      times: 1,
    });
    expect((await drive.stat('/t.txt')).name).toBe('t.txt');
    const records = emu.faults.requests();
    expect(records.map((r) => r.status)).toEqual([429, 503, 200]);
    const [first, second, third] = records as [RequestRecord, RequestRecord, RequestRecord];
    expect(second.time - first.time).toBeGreaterThanOrEqual(1000);
    expect(third.time - second.time).toBeGreaterThanOrEqual(1000);
  });

  it('maps throttling and quota answers to retryable and final errors', async () => {
    emulator = await startOneDriveEmulator();
    const { accessToken } = emulator.microsoft.mintToken('ada@example.com');
    const provider = createOneDriveProvider({ accessToken, graphBaseUrl: emulator.urls.graph });
    const errorOf = async (status: number, retryAfter?: number) => {
      emulator?.faults.inject({
        kind: 'status',
        status,
        host: 'graph.microsoft.com',
        ...(retryAfter ? { retryAfter } : {}),
      });
      try {
        await provider.stat({ path: '/' });
      } catch (err) {
        return err as PolydriveError;
      }
      throw new Error(`HTTP ${status} did not fail`);
    };
    const throttled = await errorOf(429, 7);
    expect([throttled.code, throttled.retryable, throttled.retryAfterMs]).toEqual([
      'RateLimited',
      true,
      7000,
    ]);
    expect(throttled.providerCode).toBe('activityLimitReached');
    expect(throttled.requestId).toBeTruthy();
    const unavailable = await errorOf(503, 2);
    expect([unavailable.code, unavailable.retryable, unavailable.retryAfterMs]).toEqual([
      'Transient',
      true,
      2000,
    ]);
    const broken = await errorOf(500);
    expect([broken.code, broken.retryable]).toEqual(['Transient', true]);
    const full = await errorOf(507);
    expect([full.code, full.retryable, full.httpStatus]).toEqual(['QuotaExceeded', false, 507]);
    const denied = await errorOf(403);
    expect(denied.code).toBe('PermissionDenied');
    emulator.faults.inject({ kind: 'drop', host: 'graph.microsoft.com' });
    const dropped = await provider.stat({ path: '/' }).catch((err: PolydriveError) => err);
    expect([(dropped as PolydriveError).code, (dropped as PolydriveError).retryable]).toEqual([
      'Transient',
      true,
    ]);
  });
});
