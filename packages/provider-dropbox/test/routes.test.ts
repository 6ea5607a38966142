import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type FetchLike,
  isPolydriveError,
  STREAM_BODY_MIN_BYTES,
  staticTokenSource,
} from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { authorizedFetch } from '../src/api/authorized-fetch.js';
import { DropboxClient } from '../src/api/dropbox-client.js';

interface Sent {
  readonly url: string;
  readonly init: RequestInit;
}

/** A fetch that records what it is given and answers with `answer`. */
function recording(answer: () => Response) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (input, init = {}) => {
    sent.push({ url: String(input), init });
    return answer();
  };
  return { fetch, sent };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function bearerFetch(base: FetchLike): FetchLike {
  return authorizedFetch(base, staticTokenSource('t0k'), (url) => url);
}

describe('routes called without the SDK', () => {
  it('send an RPC argument as JSON and read the JSON result', async () => {
    const { fetch, sent } = recording(() => json({ entries: [], cursor: 'c', has_more: false }));
    const client = new DropboxClient(bearerFetch(fetch));
    const page = await client.rpc({ operation: 'listPage' }, 'files/list_folder', { path: '' });
    expect(page).toEqual({ entries: [], cursor: 'c', has_more: false });
    expect(sent[0]?.url).toBe('https://api.dropboxapi.com/2/files/list_folder');
    expect(sent[0]?.init.body).toBe('{"path":""}');
    expect(sent[0]?.init.headers).toEqual({
      'content-type': 'application/json',
      authorization: 'Bearer t0k',
    });
  });

  it('send an upload argument in Dropbox-API-Arg, non-ASCII escaped, with the bytes as they are', async () => {
    const { fetch, sent } = recording(() => json({ session_id: 's1' }));
    const client = new DropboxClient(bearerFetch(fetch));
    const bytes = new Uint8Array([1, 2, 3]);
    const controller = new AbortController();
    await client.upload(
      { operation: 'writeSmall', signal: controller.signal },
      'files/upload',
      { path: '/naïve.txt' },
      bytes,
    );
    expect(sent[0]?.url).toBe('https://content.dropboxapi.com/2/files/upload');
    expect(sent[0]?.init.body).toBe(bytes);
    expect(sent[0]?.init.signal).toBe(controller.signal);
    expect(sent[0]?.init.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'dropbox-api-arg': '{"path":"/na\\u00efve.txt"}',
    });
  });

  it('map an error answer by its summary, and a body that is not JSON to Transient', async () => {
    const notFound = new DropboxClient(
      recording(() => json({ error_summary: 'path/not_found/..', error: { '.tag': 'path' } }, 409))
        .fetch,
    );
    const missing = await notFound
      .rpc({ operation: 'stat', target: '/x' }, 'files/get_metadata', { path: '/x' })
      .catch((err: unknown) => err);
    expect(isPolydriveError(missing, 'NotFound')).toBe(true);

    const garbled = new DropboxClient(
      recording(() => new Response('<html>', { status: 200 })).fetch,
    );
    const err = await garbled
      .rpc({ operation: 'listPage', target: '/' }, 'files/list_folder', { path: '' })
      .catch((e: unknown) => e);
    expect(isPolydriveError(err, 'Transient')).toBe(true);
    expect(err).toMatchObject({ httpStatus: 200, operation: 'listPage', retryable: true });
  });
});

describe('routes and redirects', () => {
  it('fail on a redirect instead of following it (no Dropbox route redirects)', async () => {
    // A real server and fetch: whether a redirect is followed is fetch's business.
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      req.resume();
      res.writeHead(307, { location: '/2/files/list_folder' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const toServer: FetchLike = (input, init) =>
        fetch(
          String(input).replace('https://api.dropboxapi.com', `http://127.0.0.1:${port}`),
          init,
        );
      const client = new DropboxClient(bearerFetch(toServer));
      const err = await client
        .rpc({ operation: 'listPage' }, 'files/list_folder', { path: '' })
        .catch((e: unknown) => e);
      expect(isPolydriveError(err, 'Transient')).toBe(true);
      expect((err as Error).message).toContain('unexpected redirect');
      expect((err as { retryable: boolean }).retryable).toBe(false);
      expect(requests).toBe(1);
    } finally {
      server.close();
    }
  });
});

describe('the authorized fetch', () => {
  it('sets one bearer token, whatever the case of an Authorization header given', async () => {
    const { fetch, sent } = recording(() => json({}));
    await bearerFetch(fetch)('https://api.dropboxapi.com/2/x', {
      method: 'POST',
      headers: { Authorization: 'Bearer stale', 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(sent[0]?.init.headers).toEqual({
      'Content-Type': 'application/json',
      authorization: 'Bearer t0k',
    });
    await bearerFetch(fetch)('https://api.dropboxapi.com/2/x', {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer stale', 'x-extra': '1' }),
    });
    const second = sent[1]?.init.headers as Headers;
    expect([second.get('authorization'), second.get('x-extra')]).toEqual(['Bearer t0k', '1']);
  });

  it('streams a large byte body with its Content-Length, and passes a small one as it is', async () => {
    const { fetch, sent } = recording(() => json({}));
    const large = new Uint8Array(STREAM_BODY_MIN_BYTES);
    await bearerFetch(fetch)('https://content.dropboxapi.com/2/files/upload', {
      method: 'POST',
      headers: { 'dropbox-api-arg': '{}' },
      body: large,
    });
    const streamed = sent[0]?.init as RequestInit & { duplex?: string };
    expect(streamed.body).toBeInstanceOf(ReadableStream);
    expect(streamed.duplex).toBe('half');
    expect(new Headers(streamed.headers).get('content-length')).toBe(String(large.byteLength));
    expect(new Headers(streamed.headers).get('dropbox-api-arg')).toBe('{}');
    const small = new Uint8Array(10);
    await bearerFetch(fetch)('https://content.dropboxapi.com/2/files/upload', {
      method: 'POST',
      headers: { 'dropbox-api-arg': '{}' },
      body: small,
    });
    expect(sent[1]?.init.body).toBe(small);
  });
});
