import { afterEach, describe, expect, it } from 'vitest';
import { type GoogleHarness, json, reasonOf, startGoogle } from './support/google.js';

const CHUNK = 256 * 1024;

let h: GoogleHarness;

afterEach(async () => {
  await h?.emu.stop();
});

async function openSession(total: number): Promise<string> {
  const res = await h.api(
    '/upload/drive/v3/files?uploadType=resumable',
    json('POST', { name: 'f.bin' }, { 'x-upload-content-length': String(total) }),
  );
  return res.headers.get('location') as string;
}

describe('Google faults', () => {
  it('injects Drive errors by reason, in the shared registry and request log', async () => {
    h = await startGoogle();
    h.emu.google.injectError({
      reason: 'userRateLimitExceeded',
      method: 'GET',
      path: '/drive/v3/files',
    });
    h.emu.google.injectError({
      reason: 'rateLimitExceeded',
      status: 429,
      retryAfter: 2,
      path: '/drive/v3/files',
    });
    h.emu.google.injectError({ reason: 'storageQuotaExceeded', path: '/drive/v3/files' });
    expect(h.emu.faults.pending()).toHaveLength(3);

    const user = await h.apiJson('/drive/v3/files');
    expect(user.status).toBe(403);
    expect(reasonOf(user.body)).toEqual({
      domain: 'usageLimits',
      reason: 'userRateLimitExceeded',
      message: 'User rate limit exceeded.',
    });
    const rate = await h.apiJson('/drive/v3/files');
    expect(rate.status).toBe(429);
    expect(rate.headers.get('retry-after')).toBe('2');
    expect(reasonOf(rate.body)).toMatchObject({
      domain: 'usageLimits',
      reason: 'rateLimitExceeded',
    });
    const quota = await h.apiJson('/drive/v3/files');
    expect(quota.status).toBe(403);
    expect(reasonOf(quota.body)).toMatchObject({
      domain: 'global',
      reason: 'storageQuotaExceeded',
    });
    expect((await h.apiJson('/drive/v3/files')).status).toBe(200);
    expect(h.emu.faults.requests().map((r) => [r.status, r.fault])).toEqual([
      [403, 'status'],
      [429, 'status'],
      [403, 'status'],
      [200, undefined],
    ]);
  });

  it('answers plain status faults and expired tokens in the host formats', async () => {
    h = await startGoogle();
    h.emu.faults.inject({
      kind: 'status',
      status: 503,
      provider: 'google',
      host: 'www.googleapis.com',
    });
    const unavailable = await h.apiJson('/drive/v3/files');
    expect(unavailable.status).toBe(503);
    expect(reasonOf(unavailable.body).reason).toBe('backendError');
    h.emu.faults.inject({ kind: 'expiredToken', host: 'www.googleapis.com' });
    const expired = await h.apiJson('/drive/v3/files');
    expect([expired.status, reasonOf(expired.body).reason]).toEqual([401, 'authError']);
    h.emu.faults.inject({ kind: 'expiredToken', host: 'oauth2.googleapis.com' });
    const refresh = await fetch(`${h.emu.urls.googleOAuth}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: 'c',
      }),
    });
    expect(await refresh.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    });
  });

  it('expires an upload session on demand', async () => {
    h = await startGoogle();
    const uri = await openSession(2 * CHUNK);
    expect(h.emu.google.openUploadSessions()).toBe(1);
    h.emu.faults.inject({ kind: 'sessionExpired', host: 'www.googleapis.com', path: 'upload_id=' });
    const hit = await fetch(uri, {
      method: 'PUT',
      headers: { 'content-range': `bytes 0-${CHUNK - 1}/${2 * CHUNK}` },
      body: Buffer.alloc(CHUNK),
    });
    expect(hit.status).toBe(404);
    expect(h.emu.google.openUploadSessions()).toBe(0);
    const after = await fetch(uri, {
      method: 'PUT',
      headers: { 'content-range': `bytes */${2 * CHUNK}` },
    });
    expect(after.status).toBe(404);
  });

  it('a dropped chunk persists nothing (request phase); a lost answer still completes (response phase)', async () => {
    h = await startGoogle();
    const data = Buffer.alloc(3 * CHUNK, 7);
    const uri = await openSession(data.length);
    const send = (start: number, end: number) =>
      fetch(uri, {
        method: 'PUT',
        headers: { 'content-range': `bytes ${start}-${end - 1}/${data.length}` },
        body: data.subarray(start, end),
      });
    const status = () =>
      fetch(uri, { method: 'PUT', headers: { 'content-range': `bytes */${data.length}` } });

    h.emu.faults.inject({ kind: 'drop', phase: 'request', method: 'PUT', path: 'upload_id=' });
    await expect(send(0, CHUNK)).rejects.toThrow();
    expect((await status()).headers.get('range')).toBeNull();

    expect((await send(0, CHUNK)).status).toBe(308);
    expect((await send(CHUNK, 2 * CHUNK)).status).toBe(308);
    h.emu.faults.inject({ kind: 'drop', phase: 'response', method: 'PUT', path: 'upload_id=' });
    await expect(send(2 * CHUNK, 3 * CHUNK).then((res) => res.json())).rejects.toThrow();
    const done = await status();
    expect(done.status).toBe(200);
    expect(((await done.json()) as { name: string }).name).toBe('f.bin');
    expect(h.emu.google.readFile(h.email, '/f.bin')?.equals(data)).toBe(true);
  });
});
