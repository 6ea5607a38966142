import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, jsonBody, startHarness } from './support/harness.js';

const KIB320 = 320 * 1024;

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  h.emu.microsoft.seed(h.email, { '/a.txt': 'abc' });
});
afterEach(async () => {
  await h.emu.stop();
});

async function newSession(path: string): Promise<string> {
  const { body } = await h.graphJson<Json>(
    `/me/drive/root:${path}:/createUploadSession`,
    jsonBody('POST', {}),
  );
  return body.uploadUrl;
}

function put(url: string, data: Buffer, start: number, total: number) {
  return fetch(url, {
    method: 'PUT',
    body: data,
    headers: { 'content-range': `bytes ${start}-${start + data.length - 1}/${total}` },
  });
}

describe('status faults', () => {
  it('answers the next N matching requests with the status and Retry-After, then recovers', async () => {
    const fault = h.emu.faults.inject({
      kind: 'status',
      status: 429,
      retryAfter: 7,
      times: 2,
      method: 'GET',
      path: '/root:/a.txt',
    });
    expect((await h.graph('/me/drive')).status).toBe(200);
    const first = await h.graphJson<Json>('/me/drive/root:/a.txt');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body.error.code).toBe('activityLimitReached');
    expect(fault.remaining()).toBe(1);
    expect((await h.graph('/me/drive/root:/a.txt')).status).toBe(429);
    expect((await h.graph('/me/drive/root:/a.txt')).status).toBe(200);
    expect(h.emu.faults.pending()).toEqual([]);
  });

  it('logs requests with status, fault and arrival time, so waiting for Retry-After can be checked', async () => {
    h.emu.faults.clearRequests();
    h.emu.faults.inject({
      kind: 'status',
      status: 503,
      retryAfter: 1,
      host: 'graph.microsoft.com',
    });
    let response = await h.graph('/me/drive');
    expect(response.status).toBe(503);
    await sleep(Number(response.headers.get('retry-after')) * 1000);
    response = await h.graph('/me/drive');
    expect(response.status).toBe(200);
    const log = h.emu.faults.requests();
    expect(
      log.map(({ method, host, path, status, fault }) => ({ method, host, path, status, fault })),
    ).toEqual([
      {
        method: 'GET',
        host: 'graph.microsoft.com',
        path: '/v1.0/me/drive',
        status: 503,
        fault: 'status',
      },
      {
        method: 'GET',
        host: 'graph.microsoft.com',
        path: '/v1.0/me/drive',
        status: 200,
        fault: undefined,
      },
    ]);
    expect((log[1]?.time ?? 0) - (log[0]?.time ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('matches by provider, method and RegExp path; clear and cancel remove faults', async () => {
    h.emu.faults.inject({
      kind: 'status',
      status: 500,
      provider: 'microsoft',
      method: 'DELETE',
      path: /\/items\/[^/]+$/,
    });
    expect((await h.graph('/me/drive/root')).status).toBe(200);
    const id = h.emu.microsoft.stat(h.email, '/a.txt')?.id;
    const failed = await h.graphJson<Json>(`/me/drive/items/${id}`, { method: 'DELETE' });
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('generalException');
    expect(h.emu.microsoft.stat(h.email, '/a.txt')).toBeDefined();
    const pending = h.emu.faults.inject({ kind: 'status', status: 503, times: 5 });
    pending.cancel();
    h.emu.faults.inject({ kind: 'status', status: 503 });
    h.emu.faults.clear();
    expect((await h.graph('/me/drive')).status).toBe(200);
  });

  it('speaks the identity platform error format on the login host', async () => {
    h.emu.faults.inject({
      kind: 'status',
      status: 503,
      host: 'login.microsoftonline.com',
      retryAfter: 2,
    });
    const response = await fetch(`${h.emu.urls.login}/common/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({}),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('2');
    const body = (await response.json()) as Json;
    expect(body.error).toBe('temporarily_unavailable');
    expect(body.error_codes).toHaveLength(1);
  });
});

describe('expiredToken faults', () => {
  it('answers 401 as for an expired token on Graph, and invalid_grant on the token endpoint', async () => {
    h.emu.faults.inject({ kind: 'expiredToken', host: 'graph.microsoft.com' });
    const graph = await h.graphJson<Json>('/me/drive');
    expect(graph.status).toBe(401);
    expect(graph.body.error.message).toBe('Access token has expired or is not yet valid.');
    expect((await h.graph('/me/drive')).status).toBe(200);
    h.emu.faults.inject({
      kind: 'expiredToken',
      provider: 'microsoft',
      path: '/oauth2/v2.0/token',
    });
    const { refreshToken } = h.emu.microsoft.mintToken(h.email);
    const response = await fetch(`${h.emu.urls.login}/common/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: 'x',
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
      }),
    });
    const body = (await response.json()) as Json;
    expect(body.error).toBe('invalid_grant');
    expect(body.error_codes).toEqual([70008]);
  });
});

describe('sessionExpired faults', () => {
  it('removes the addressed upload session and answers 404', async () => {
    const url = await newSession('/s.bin');
    expect((await put(url, Buffer.alloc(KIB320), 0, 2 * KIB320)).status).toBe(202);
    h.emu.faults.inject({ kind: 'sessionExpired', host: 'api.onedrive.com', method: 'PUT' });
    const expired = await put(url, Buffer.alloc(KIB320), KIB320, 2 * KIB320);
    expect(expired.status).toBe(404);
    expect(((await expired.json()) as Json).error.code).toBe('itemNotFound');
    expect((await fetch(url)).status).toBe(404);
    expect(h.emu.microsoft.openUploadSessions()).toBe(0);
  });
});

describe('drop faults', () => {
  it('drops the connection mid-request: nothing is applied and the client can resume from the status', async () => {
    const url = await newSession('/d.bin');
    const data = Buffer.alloc(2 * KIB320, 1);
    h.emu.faults.inject({ kind: 'drop', method: 'PUT', path: '/rup/' });
    await expect(put(url, data.subarray(0, KIB320), 0, data.length)).rejects.toThrow();
    const status = (await (await fetch(url)).json()) as Json;
    expect(status.nextExpectedRanges).toEqual(['0-']);
    expect((await put(url, data.subarray(0, KIB320), 0, data.length)).status).toBe(202);
    expect((await put(url, data.subarray(KIB320), KIB320, data.length)).status).toBe(201);
    expect(
      h.emu.faults.requests().some((record) => record.fault === 'drop' && record.status === 0),
    ).toBe(true);
  });

  it('drops the connection mid-response: the fragment was applied, so a resend overlaps', async () => {
    const url = await newSession('/r.bin');
    const data = Buffer.alloc(2 * KIB320, 2);
    h.emu.faults.inject({ kind: 'drop', phase: 'response', method: 'PUT', path: '/rup/' });
    await expect(
      put(url, data.subarray(0, KIB320), 0, data.length).then((response) => response.json()),
    ).rejects.toThrow();
    const status = (await (await fetch(url)).json()) as Json;
    expect(status.nextExpectedRanges).toEqual([`${KIB320}-`]);
    const resend = await put(url, data.subarray(0, KIB320), 0, data.length);
    expect(resend.status).toBe(416);
    expect((await put(url, data.subarray(KIB320), KIB320, data.length)).status).toBe(201);
  });

  it('drops a download halfway through the body', async () => {
    const redirect = await h.graph('/me/drive/root:/a.txt:/content');
    h.emu.faults.inject({ kind: 'drop', host: 'my.microsoftpersonalcontent.com' });
    await expect(
      fetch(redirect.headers.get('location') as string).then((response) => response.arrayBuffer()),
    ).rejects.toThrow();
    expect(await (await fetch(redirect.headers.get('location') as string)).text()).toBe('abc');
  });
});
