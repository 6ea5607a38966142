import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PolydriveError } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { DriveClient } from '../src/api/drive-client.js';

const tokens = {
  getAccessToken: async () => 'secret-token',
  refreshAccessToken: async () => undefined,
};

/** A client on an API root with a path, with a fetch that records what it is asked to send. */
function client(apiBaseUrl = 'http://127.0.0.1:9/google'): { client: DriveClient; sent: string[] } {
  const sent: string[] = [];
  const fetch = async (input: string | URL | Request) => {
    sent.push(String(input));
    return new Response('{}', { status: 200 });
  };
  return { client: new DriveClient({ tokens, fetch, apiBaseUrl }), sent };
}

describe('DriveClient.isApiUrl', () => {
  it('accepts URLs under the API root, however they are written', () => {
    const { client: api } = client();
    for (const url of [
      'http://127.0.0.1:9/google/drive/v3/files?q=%27a%27+in+parents&x=..',
      'http://127.0.0.1:9/google/upload/drive/v3/files/abc?uploadType=multipart',
      'http://127.0.0.1:9/google/drive/v3/./files',
      'http://127.0.0.1:9/google/drive/%76%33/files',
      'HTTP://127.0.0.1:9/google/drive/v3/about',
      'http://127.0.0.1:9/google/drive/../google/drive/v3/about',
    ]) {
      expect([url, api.isApiUrl(url)]).toEqual([url, true]);
    }
  });

  it('refuses URLs that only look as if they were under it', () => {
    const { client: api } = client();
    for (const url of [
      'http://127.0.0.1:9/google/../steal',
      'http://127.0.0.1:9/google/%2e%2e/steal',
      'http://127.0.0.1:9/google/.%2E/steal',
      'http://127.0.0.1:9/google\\..\\steal',
      'http://127.0.0.1:9/google/..\\steal',
      'http://127.0.0.1:9/googleapis/drive/v3/files',
      'http://127.0.0.1:90/google/drive/v3/files',
      'http://127.0.0.1:9@evil.example/google/drive/v3/files',
      'https://127.0.0.1:9/google/drive/v3/files',
      'http://evil.example/google/drive/v3/files',
      'not a url',
    ]) {
      expect([url, api.isApiUrl(url)]).toEqual([url, false]);
    }
  });

  it('trusts nothing when the API root is no URL', () => {
    const { client: api } = client('not a url');
    expect(api.isApiUrl('not a url/drive/v3/files')).toBe(false);
  });

  it('never sends the token off the API, and sends it on the API', async () => {
    const { client: api, sent } = client();
    const err = await api
      .send({ method: 'GET', url: 'http://127.0.0.1:9/google/../steal', operation: 'passthrough' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolydriveError);
    expect((err as PolydriveError).code).toBe('InvalidArgument');
    expect(sent).toEqual([]);
    const response = await api.send({
      method: 'GET',
      url: 'http://127.0.0.1:9/google/drive/v3/about',
      operation: 'passthrough',
    });
    expect(response.status).toBe(200);
    expect(sent).toEqual(['http://127.0.0.1:9/google/drive/v3/about']);
  });
});

describe('DriveClient.send and redirects', () => {
  it('fails on a redirect unless asked to hand it back (resumable 308s, passthrough)', async () => {
    // A real server and fetch: what a redirect does is fetch's business, not a fake's.
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(308, { range: 'bytes=0-9', location: '/elsewhere' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const api = new DriveClient({ tokens, fetch, apiBaseUrl: `http://127.0.0.1:${port}` });
      const request = {
        method: 'PUT',
        url: `http://127.0.0.1:${port}/upload/drive/v3/files?upload_id=x`,
        operation: 'uploadChunk',
      };
      const err = await api.send(request).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PolydriveError);
      expect((err as PolydriveError).message).toContain('unexpected redirect');
      // No retry mends a redirect where the API never sends one.
      expect((err as PolydriveError).retryable).toBe(false);
      const handed = await api.send({ ...request, redirect: 'manual' });
      expect(handed.status).toBe(308);
      expect(handed.headers.get('range')).toBe('bytes=0-9');
    } finally {
      server.close();
    }
  });
});
