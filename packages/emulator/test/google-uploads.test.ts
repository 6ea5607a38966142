import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { type GoogleHarness, json, reasonOf, startGoogle } from './support/google.js';
import { heldBody } from './support/held-body.js';

const KIB = 1024;

let h: GoogleHarness;

afterEach(async () => {
  await h?.emu.stop();
});

function bytes(length: number, seed = 1): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

/** Opens a resumable session by raw HTTP and returns its URI. */
async function openSession(
  metadata: unknown,
  headers: Record<string, string> = {},
  fileId?: string,
): Promise<string> {
  const path = fileId === undefined ? '/upload/drive/v3/files' : `/upload/drive/v3/files/${fileId}`;
  const method = fileId === undefined ? 'POST' : 'PATCH';
  const res = await h.api(`${path}?uploadType=resumable`, json(method, metadata, headers));
  expect(res.status, await res.clone().text()).toBe(200);
  const location = res.headers.get('location');
  expect(location).toMatch(
    /\/www\.googleapis\.com\/upload\/drive\/v3\/files(\/[\w-]+)?\?uploadType=resumable&upload_id=/,
  );
  return location as string;
}

function put(uri: string, body: Buffer | undefined, range: string): Promise<Response> {
  return fetch(uri, {
    method: 'PUT',
    headers: { 'content-range': range },
    ...(body ? { body } : {}),
    redirect: 'manual',
  });
}

describe('uploads', () => {
  it('media and multipart uploads through @googleapis/drive', async () => {
    h = await startGoogle();
    const media = await h.drive.files.create(
      { media: { mimeType: 'text/plain', body: 'plain body' }, fields: 'id,name,size,mimeType' },
      h.call,
    );
    expect(media.data).toMatchObject({ name: 'Untitled', size: '10', mimeType: 'text/plain' });
    const multipart = await h.drive.files.create(
      {
        requestBody: { name: 'report.bin', parents: ['root'] },
        media: { mimeType: 'application/octet-stream', body: Readable.from([bytes(5000)]) },
        fields: 'id,name,size,md5Checksum,parents',
      },
      h.call,
    );
    expect(multipart.data).toMatchObject({
      name: 'report.bin',
      size: '5000',
      md5Checksum: md5(bytes(5000)),
      parents: [h.rootId],
    });
    const updated = await h.drive.files.update(
      {
        fileId: multipart.data.id as string,
        media: { body: 'new content' },
        fields: 'size,md5Checksum',
      },
      h.call,
    );
    expect(updated.data).toEqual({ size: '11', md5Checksum: md5(Buffer.from('new content')) });
    const requests = h.emu.faults.requests().filter((r) => r.path.startsWith('/upload/'));
    expect(requests.map((r) => r.path.replace(/\/files\/[^?]+/, '/files/ID'))).toEqual([
      '/upload/drive/v3/files?fields=id%2Cname%2Csize%2CmimeType&uploadType=media',
      '/upload/drive/v3/files?fields=id%2Cname%2Csize%2Cmd5Checksum%2Cparents&uploadType=multipart',
      '/upload/drive/v3/files/ID?fields=size%2Cmd5Checksum&uploadType=media',
    ]);
  });

  it('resumable: 308 with Range, the 256 KiB rule, status queries and the final 200', async () => {
    h = await startGoogle();
    const data = bytes(600 * KIB, 3);
    const uri = await openSession(
      { name: 'big.bin' },
      { 'x-upload-content-length': String(data.length) },
    );
    const first = await put(
      uri,
      data.subarray(0, 256 * KIB),
      `bytes 0-${256 * KIB - 1}/${data.length}`,
    );
    expect(first.status).toBe(308);
    expect(first.headers.get('range')).toBe(`bytes=0-${256 * KIB - 1}`);
    expect(first.headers.get('location')).toBeNull();

    const tooSmall = await put(
      uri,
      data.subarray(256 * KIB, 300 * KIB),
      `bytes ${256 * KIB}-${300 * KIB - 1}/${data.length}`,
    );
    expect(tooSmall.status).toBe(400);

    // 300 KiB sent, only a whole 256 KiB multiple persisted: continue from Range end + 1.
    const partial = await put(
      uri,
      data.subarray(256 * KIB, 556 * KIB),
      `bytes ${256 * KIB}-${556 * KIB - 1}/${data.length}`,
    );
    expect(partial.status).toBe(308);
    expect(partial.headers.get('range')).toBe(`bytes=0-${512 * KIB - 1}`);

    const status = await put(uri, undefined, `bytes */${data.length}`);
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe(`bytes=0-${512 * KIB - 1}`);

    const gap = await put(
      uri,
      data.subarray(520 * KIB),
      `bytes ${520 * KIB}-${data.length - 1}/${data.length}`,
    );
    expect(gap.status).toBe(400);

    const last = await put(
      uri,
      data.subarray(512 * KIB),
      `bytes ${512 * KIB}-${data.length - 1}/${data.length}`,
    );
    expect(last.status).toBe(200);
    const file = (await last.json()) as { id: string; name: string };
    expect(file.name).toBe('big.bin');
    expect(h.emu.google.readFile(h.email, '/big.bin')?.equals(data)).toBe(true);

    const again = await put(uri, undefined, `bytes */${data.length}`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(file.id);
    expect(h.emu.google.openUploadSessions()).toBe(0);
  });

  it('resumable of unknown length: bytes a-b/* then the total on the last chunk', async () => {
    h = await startGoogle();
    const data = bytes(256 * KIB + 10, 4);
    const uri = await openSession({ name: 'stream.bin', mimeType: 'application/x-test' });
    const first = await put(uri, data.subarray(0, 256 * KIB), `bytes 0-${256 * KIB - 1}/*`);
    expect(first.status).toBe(308);
    const last = await put(
      uri,
      data.subarray(256 * KIB),
      `bytes ${256 * KIB}-${data.length - 1}/${data.length}`,
    );
    expect(last.status).toBe(200);
    const stat = h.emu.google.stat(h.email, '/stream.bin');
    expect(stat).toMatchObject({
      size: data.length,
      md5: md5(data),
      mimeType: 'application/x-test',
    });
  });

  it('resumable of a length that is a whole multiple: an empty last request with the total', async () => {
    h = await startGoogle();
    const data = bytes(256 * KIB, 5);
    const uri = await openSession({ name: 'exact.bin' });
    expect((await put(uri, data, `bytes 0-${256 * KIB - 1}/*`)).status).toBe(308);
    const done = await put(uri, undefined, `bytes */${data.length}`);
    expect(done.status).toBe(200);
    expect(h.emu.google.readFile(h.email, '/exact.bin')?.equals(data)).toBe(true);
  });

  it('may persist less than a request sent; the client continues from Range end + 1', async () => {
    h = await startGoogle({ google: { maxPersistPerRequest: 256 * KIB } });
    const data = bytes(600 * KIB, 8);
    const uri = await openSession({ name: 'slow.bin' });
    const first = await put(uri, data.subarray(0, 512 * KIB), `bytes 0-${512 * KIB - 1}/*`);
    expect([first.status, first.headers.get('range')]).toEqual([308, `bytes=0-${256 * KIB - 1}`]);
    const second = await put(
      uri,
      data.subarray(256 * KIB),
      `bytes ${256 * KIB}-${data.length - 1}/${data.length}`,
    );
    expect([second.status, second.headers.get('range')]).toEqual([308, `bytes=0-${512 * KIB - 1}`]);
    const last = await put(
      uri,
      data.subarray(512 * KIB),
      `bytes ${512 * KIB}-${data.length - 1}/${data.length}`,
    );
    expect(last.status).toBe(200);
    expect(h.emu.google.readFile(h.email, '/slow.bin')?.equals(data)).toBe(true);
  });

  it('resumable update of an existing file keeps its id; cancel answers 499, then 404', async () => {
    h = await startGoogle();
    const existing = h.emu.google.addFile(h.email, { name: 'v.txt', content: 'version one' });
    const uri = await openSession({}, {}, existing.id);
    const done = await put(uri, Buffer.from('version two'), 'bytes 0-10/11');
    expect(done.status).toBe(200);
    expect(((await done.json()) as { id: string }).id).toBe(existing.id);
    expect(h.emu.google.readFile(h.email, '/v.txt')?.toString()).toBe('version two');

    const other = await openSession({ name: 'cancel.bin' });
    const cancelled = await fetch(other, { method: 'DELETE' });
    expect(cancelled.status).toBe(499);
    const after = await put(other, undefined, 'bytes */*');
    expect(after.status).toBe(404);
  });

  it('an expired session answers 404', async () => {
    let now = Date.now();
    h = await startGoogle({ now: () => now, google: { uploadSessionLifetimeSeconds: 60 } });
    const uri = await openSession({ name: 'late.bin' });
    now += 61_000;
    const res = await put(uri, Buffer.from('abc'), 'bytes 0-2/3');
    expect(res.status).toBe(404);
    expect(reasonOf((await res.json()) as never).reason).toBe('notFound');
  });

  it('refuses an upload that does not fit the quota with storageQuotaExceeded', async () => {
    h = await startEmulatorWithQuota(1000);
    const res = await h.api(
      '/upload/drive/v3/files?uploadType=resumable',
      json('POST', { name: 'huge.bin' }, { 'x-upload-content-length': '5000' }),
    );
    expect(res.status).toBe(403);
    const body = (await res.json()) as never;
    expect(reasonOf(body)).toMatchObject({ reason: 'storageQuotaExceeded', domain: 'global' });
    const media = await h.drive.files.create({ media: { body: 'x'.repeat(2000) } }, h.call);
    expect(media.status).toBe(403);
  });

  it('keeps each byte once when two requests send the same chunk at the same time', async () => {
    h = await startGoogle();
    const data = bytes(512 * KIB, 8);
    const half = 256 * KIB;
    const uri = await openSession(
      { name: 'twice.bin' },
      { 'x-upload-content-length': String(data.length) },
    );
    const range = `bytes 0-${half - 1}/${data.length}`;
    const held = heldBody(data.subarray(0, half), 100 * KIB);
    const slow = fetch(uri, {
      method: 'PUT',
      headers: { 'content-range': range, 'content-length': String(half) },
      body: held.body,
      duplex: 'half',
    } as RequestInit);
    const quick = await put(uri, data.subarray(0, half), range);
    expect([quick.status, quick.headers.get('range')]).toEqual([308, `bytes=0-${half - 1}`]);
    held.release();
    const late = await slow;
    expect([late.status, late.headers.get('range')]).toEqual([308, `bytes=0-${half - 1}`]);
    const last = await put(
      uri,
      data.subarray(half),
      `bytes ${half}-${data.length - 1}/${data.length}`,
    );
    expect(last.status).toBe(200);
    expect(h.emu.google.readFile(h.email, '/twice.bin')?.equals(data)).toBe(true);
    expect(h.emu.google.stat(h.email, '/twice.bin')?.md5).toBe(md5(data));
  });

  it('alt=media honours one Range', async () => {
    h = await startGoogle();
    const data = bytes(1000, 6);
    const file = h.emu.google.addFile(h.email, { name: 'r.bin', content: data });
    const whole = await h.api(`/drive/v3/files/${file.id}?alt=media`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('x-goog-hash')).toBe(
      `md5=${Buffer.from(md5(data), 'hex').toString('base64')}`,
    );
    expect(Buffer.from(await whole.arrayBuffer()).equals(data)).toBe(true);
    const part = await h.api(`/drive/v3/files/${file.id}?alt=media`, {
      headers: { range: 'bytes=10-19' },
    });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/1000');
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(10, 20))).toBe(true);
    const past = await h.api(`/drive/v3/files/${file.id}?alt=media`, {
      headers: { range: 'bytes=5000-' },
    });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */1000');
    const inverted = await h.api(`/drive/v3/files/${file.id}?alt=media`, {
      headers: { range: 'bytes=20-10' },
    });
    expect(inverted.status).toBe(200);
    expect(Buffer.from(await inverted.arrayBuffer()).equals(data)).toBe(true);
    const viaSdk = await h.drive.files.get(
      { fileId: file.id, alt: 'media' },
      { ...h.call, responseType: 'arraybuffer' },
    );
    expect(Buffer.from(viaSdk.data as unknown as ArrayBuffer).equals(data)).toBe(true);
  });
});

async function startEmulatorWithQuota(quotaBytes: number): Promise<GoogleHarness> {
  const harness = await startGoogle({}, 'small@example.com');
  harness.emu.google.addAccount({ email: 'tiny@example.com', quotaBytes });
  const { accessToken } = harness.emu.google.mintToken('tiny@example.com');
  const headers = { authorization: `Bearer ${accessToken}` };
  return {
    ...harness,
    email: 'tiny@example.com',
    token: accessToken,
    call: { ...harness.call, headers },
    api: (path, init = {}) =>
      fetch(`${harness.emu.urls.googleApis}${path}`, {
        ...init,
        headers: { ...Object.fromEntries(new Headers(init.headers)), ...headers },
      }),
  };
}
