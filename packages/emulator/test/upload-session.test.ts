import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Harness,
  type Json,
  jsonBody,
  naiveQuickXor,
  pseudoRandomBytes,
  startHarness,
} from './support/harness.js';

const KIB320 = 320 * 1024;

let h: Harness;
afterEach(async () => {
  await h.emu.stop();
});

async function createSession(
  path: string,
  body: unknown = {},
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await h.graphJson<Json>(
    `/me/drive/root:${path}:/createUploadSession`,
    jsonBody('POST', body, headers),
  );
  expect(response.status).toBe(200);
  expect(response.body.nextExpectedRanges).toEqual(['0-']);
  expect(Date.parse(response.body.expirationDateTime)).toBeGreaterThan(0);
  return response.body.uploadUrl as string;
}

function putChunk(
  url: string,
  data: Buffer,
  start: number,
  total: number,
  headers: Record<string, string> = {},
) {
  return fetch(url, {
    method: 'PUT',
    body: data,
    headers: { 'content-range': `bytes ${start}-${start + data.length - 1}/${total}`, ...headers },
  });
}

/** Opens a PUT of one fragment and sends only `sent` bytes of it; `finish` sends the rest. */
function startFragment(url: URL, data: Buffer, start: number, total: number, sent: number) {
  const put = request(url, {
    method: 'PUT',
    headers: {
      'content-range': `bytes ${start}-${start + data.length - 1}/${total}`,
      'content-length': String(data.length),
    },
  });
  const answer = new Promise<number>((resolve, reject) => {
    put.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    put.on('error', reject);
  });
  put.write(data.subarray(0, sent));
  return { answer, finish: () => put.end(data.subarray(sent)) };
}

/**
 * Waits until the emulator is taking in a fragment for the session: probes with a fragment at 0
 * whose chunked body is too short, which changes nothing (400) while the session is idle and gets
 * 416 once it is busy.
 */
async function untilBusy(url: URL, total: number): Promise<Json> {
  for (;;) {
    const [status, body] = await new Promise<[number, string]>((resolve, reject) => {
      const probe = request(url, {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${KIB320 - 1}/${total}` },
      });
      probe.on('response', (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (part: string) => {
          text += part;
        });
        response.on('end', () => resolve([response.statusCode ?? 0, text]));
      });
      probe.on('error', reject);
      probe.write(Buffer.alloc(10));
      probe.end();
    });
    if (status === 416) return JSON.parse(body) as Json;
    expect(status).toBe(400);
  }
}

describe('upload sessions', () => {
  it('uploads several fragments end to end; the quickXorHash matches a straightforward implementation', async () => {
    h = await startHarness();
    const data = pseudoRandomBytes(2 * KIB320 + 12_345);
    const url = await createSession('/big/data.bin', {
      item: { '@microsoft.graph.conflictBehavior': 'rename' },
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\.onedrive\.com\/rup\//);
    let offset = 0;
    for (const size of [KIB320, KIB320]) {
      const response = await putChunk(
        url,
        data.subarray(offset, offset + size),
        offset,
        data.length,
      );
      expect(response.status).toBe(202);
      offset += size;
      expect(((await response.json()) as Json).nextExpectedRanges).toEqual([`${offset}-`]);
    }
    const last = await putChunk(url, data.subarray(offset), offset, data.length);
    expect(last.status).toBe(201);
    const item = (await last.json()) as Json;
    expect(item.size).toBe(data.length);
    expect(item.file.hashes.quickXorHash).toBe(naiveQuickXor(data));
    expect(h.emu.microsoft.readFile(h.email, '/big/data.bin')?.equals(data)).toBe(true);
    expect(h.emu.microsoft.openUploadSessions()).toBe(0);
  });

  it('takes a 64 MiB file in 10 MiB chunks', async () => {
    h = await startHarness();
    const chunk = 10 * 1024 * 1024;
    const data = Buffer.alloc(64 * 1024 * 1024, 0x5a);
    const url = await createSession('/huge.bin', { item: { fileSize: data.length } });
    let response: Response | undefined;
    for (let offset = 0; offset < data.length; offset += chunk) {
      response = await putChunk(
        url,
        data.subarray(offset, Math.min(offset + chunk, data.length)),
        offset,
        data.length,
      );
    }
    expect(response?.status).toBe(201);
    expect(h.emu.microsoft.stat(h.email, '/huge.bin')?.size).toBe(data.length);
  });

  it('replaces an existing file with 200 when conflictBehavior is replace', async () => {
    h = await startHarness();
    h.emu.microsoft.seed(h.email, { '/r.txt': 'old' });
    const before = h.emu.microsoft.stat(h.email, '/r.txt');
    const url = await createSession('/r.txt', {
      item: { '@microsoft.graph.conflictBehavior': 'replace' },
    });
    const response = await putChunk(url, Buffer.from('new!'), 0, 4);
    expect(response.status).toBe(200);
    expect(((await response.json()) as Json).id).toBe(before?.id);
    expect(h.emu.microsoft.readFile(h.email, '/r.txt')?.toString()).toBe('new!');
  });

  it('fails at creation with the default conflict behaviour, and checks If-Match', async () => {
    h = await startHarness();
    h.emu.microsoft.seed(h.email, { '/exists.txt': 'x' });
    const conflict = await h.graphJson<Json>(
      '/me/drive/root:/exists.txt:/createUploadSession',
      jsonBody('POST', {}),
    );
    expect(conflict.status).toBe(409);
    const stale = await h.graphJson<Json>(
      '/me/drive/root:/exists.txt:/createUploadSession',
      jsonBody(
        'POST',
        { item: { '@microsoft.graph.conflictBehavior': 'replace' } },
        { 'if-match': '"{X},1"' },
      ),
    );
    expect(stale.status).toBe(412);
  });

  it('keeps the session when the commit meets a conflict, and commits after the conflict is gone', async () => {
    h = await startHarness();
    const url = await createSession('/late.txt');
    await putChunk(url, Buffer.alloc(KIB320), 0, KIB320 + 3);
    h.emu.microsoft.seed(h.email, { '/late.txt': 'someone else' });
    const commit = await putChunk(url, Buffer.from('end'), KIB320, KIB320 + 3);
    expect(commit.status).toBe(409);
    const status = (await (await fetch(url)).json()) as Json;
    expect(status.nextExpectedRanges).toEqual([]);
    const existing = h.emu.microsoft.stat(h.email, '/late.txt');
    expect((await h.graph(`/me/drive/items/${existing?.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    const retry = await fetch(url, { method: 'POST' });
    expect(retry.status).toBe(201);
    expect(h.emu.microsoft.stat(h.email, '/late.txt')?.size).toBe(KIB320 + 3);
  });

  it('enforces the 320 KiB multiple for non-final fragments', async () => {
    h = await startHarness();
    const url = await createSession('/m.bin');
    const response = await putChunk(url, Buffer.alloc(1000), 0, 5000);
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error.code).toBe('invalidRequest');
  });

  it('answers 416 fragmentOverlap for bytes already received and fragmentOutOfOrder for gaps', async () => {
    h = await startHarness();
    const url = await createSession('/o.bin');
    const total = 3 * KIB320;
    expect((await putChunk(url, Buffer.alloc(KIB320), 0, total)).status).toBe(202);
    const overlap = await putChunk(url, Buffer.alloc(KIB320), 0, total);
    expect(overlap.status).toBe(416);
    const overlapBody = (await overlap.json()) as Json;
    expect(overlapBody.error.code).toBe('invalidRange');
    expect(overlapBody.error.innererror.code).toBe('fragmentOverlap');
    const gap = await putChunk(url, Buffer.alloc(KIB320), 2 * KIB320, total);
    expect(gap.status).toBe(416);
    expect(((await gap.json()) as Json).error.innererror.code).toBe('fragmentOutOfOrder');
  });

  it('answers fragmentLengthMismatch when the total changes', async () => {
    h = await startHarness();
    const url = await createSession('/t.bin', { item: { fileSize: 2 * KIB320 } });
    const response = await putChunk(url, Buffer.alloc(KIB320), 0, 3 * KIB320);
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error.innererror.code).toBe('fragmentLengthMismatch');
  });

  it('refuses fragments over the maximum size', async () => {
    h = await startHarness({ microsoft: { maxUploadChunkBytes: KIB320 } });
    const url = await createSession('/x.bin');
    const response = await putChunk(url, Buffer.alloc(2 * KIB320), 0, 4 * KIB320);
    expect(response.status).toBe(413);
    expect(((await response.json()) as Json).error.innererror.code).toBe(
      'maxFragmentLengthExceeded',
    );
  });

  it('reports status with GET and cancels with DELETE', async () => {
    h = await startHarness();
    const url = await createSession('/s.bin');
    await putChunk(url, Buffer.alloc(KIB320), 0, 2 * KIB320);
    const status = await fetch(url);
    expect(status.status).toBe(200);
    expect(((await status.json()) as Json).nextExpectedRanges).toEqual([`${KIB320}-`]);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(204);
    const gone = await fetch(url);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as Json).error.code).toBe('itemNotFound');
  });

  it('expires idle sessions (404), each fragment extending the expiry', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    h = await startHarness({ now: () => now, microsoft: { uploadSessionLifetimeSeconds: 100 } });
    const url = await createSession('/e.bin');
    now += 90_000;
    const first = await putChunk(url, Buffer.alloc(KIB320), 0, 2 * KIB320);
    expect(first.status).toBe(202);
    expect(Date.parse(((await first.json()) as Json).expirationDateTime)).toBe(now + 100_000);
    now += 90_000;
    expect((await fetch(url)).status).toBe(200);
    now += 20_000;
    expect((await putChunk(url, Buffer.alloc(KIB320), KIB320, 2 * KIB320)).status).toBe(404);
  });

  it('rejects Authorization on the upload URL only when configured', async () => {
    h = await startHarness({ microsoft: { rejectAuthorizationOnUploadUrl: true } });
    const url = await createSession('/a.bin');
    const response = await fetch(url, { headers: { authorization: `Bearer ${h.token}` } });
    expect(response.status).toBe(401);
    expect((await fetch(url)).status).toBe(200);
  });

  it('commits a deferred session with POST', async () => {
    h = await startHarness();
    const url = await createSession('/d.txt', { deferCommit: true });
    const last = await putChunk(url, Buffer.from('abc'), 0, 3);
    expect(last.status).toBe(202);
    expect(h.emu.microsoft.stat(h.email, '/d.txt')).toBeUndefined();
    expect((await fetch(url, { method: 'POST' })).status).toBe(201);
    expect(h.emu.microsoft.readFile(h.email, '/d.txt')?.toString()).toBe('abc');
  });

  it('replaces a file addressed by id', async () => {
    h = await startHarness();
    h.emu.microsoft.seed(h.email, { '/id.txt': 'before' });
    const id = h.emu.microsoft.stat(h.email, '/id.txt')?.id;
    const created = await h.graphJson<Json>(
      `/me/drive/items/${id}/createUploadSession`,
      jsonBody('POST', {}),
    );
    const response = await putChunk(created.body.uploadUrl, Buffer.from('after'), 0, 5);
    expect(response.status).toBe(200);
    expect(h.emu.microsoft.readFile(h.email, '/id.txt')?.toString()).toBe('after');
  });

  it('stores and hashes the right bytes when a fragment is cut off and sent again', async () => {
    h = await startHarness();
    const data = pseudoRandomBytes(2 * KIB320 + 4321, 3);
    const url = await createSession('/again.bin');
    expect((await putChunk(url, data.subarray(0, KIB320), 0, data.length)).status).toBe(202);
    await new Promise<void>((resolve) => {
      const cut = request(new URL(url), {
        method: 'PUT',
        headers: {
          'content-range': `bytes ${KIB320}-${2 * KIB320 - 1}/${data.length}`,
          'content-length': String(KIB320),
        },
      });
      cut.on('error', () => resolve());
      cut.write(Buffer.alloc(100_000, 0xee), () => setTimeout(() => cut.destroy(), 50));
      cut.on('close', () => resolve());
    });
    const status = (await (await fetch(url)).json()) as Json;
    expect(status.nextExpectedRanges).toEqual([`${KIB320}-`]);
    const middle = data.subarray(KIB320, 2 * KIB320);
    expect((await putChunk(url, middle, KIB320, data.length)).status).toBe(202);
    const last = await putChunk(url, data.subarray(2 * KIB320), 2 * KIB320, data.length);
    expect(last.status).toBe(201);
    const item = (await last.json()) as Json;
    expect(item.file.hashes.quickXorHash).toBe(naiveQuickXor(data));
    expect(h.emu.microsoft.readFile(h.email, '/again.bin')?.equals(data)).toBe(true);
    const download = item['@microsoft.graph.downloadUrl'] as string;
    expect(Buffer.from(await (await fetch(download)).arrayBuffer()).equals(data)).toBe(true);
    const across = await fetch(download, {
      headers: { range: `bytes=${KIB320 - 10}-${2 * KIB320 + 9}` },
    });
    expect(across.status).toBe(206);
    expect(
      Buffer.from(await across.arrayBuffer()).equals(data.subarray(KIB320 - 10, 2 * KIB320 + 10)),
    ).toBe(true);
  });

  it('answers 416 at once to a fragment sent while another is still arriving', async () => {
    h = await startHarness();
    const data = pseudoRandomBytes(2 * KIB320, 4);
    const url = await createSession('/busy.bin');
    const first = startFragment(new URL(url), data.subarray(0, KIB320), 0, data.length, 1000);
    const busy = await untilBusy(new URL(url), data.length);
    expect(busy.error.innererror.code).toBe('fragmentOverlap');
    first.finish();
    expect(await first.answer).toBe(202);
    const last = await putChunk(url, data.subarray(KIB320), KIB320, data.length);
    expect(last.status).toBe(201);
    expect(((await last.json()) as Json).file.hashes.quickXorHash).toBe(naiveQuickXor(data));
  });

  it('keeps the session unchanged when a client disconnects mid-fragment', async () => {
    h = await startHarness();
    const url = new URL(await createSession('/cut.bin'));
    await new Promise<void>((resolve) => {
      const partial = request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'PUT',
        headers: {
          'content-range': `bytes 0-${KIB320 - 1}/${2 * KIB320}`,
          'content-length': String(KIB320),
        },
      });
      partial.on('error', () => resolve());
      partial.write(Buffer.alloc(1000), () => {
        partial.destroy();
        resolve();
      });
    });
    const status = (await (await fetch(url)).json()) as Json;
    expect(status.nextExpectedRanges).toEqual(['0-']);
    expect((await putChunk(url.href, Buffer.alloc(KIB320), 0, 2 * KIB320)).status).toBe(202);
  });
});
