import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyForAttempt, STREAM_BODY_MIN_BYTES } from '@polydrive/core';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../src/graph/graph-client.js';
import { createOneDriveProvider } from '../src/index.js';

interface Received {
  readonly method?: string;
  readonly url?: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

const staticTokens = {
  getAccessToken: async () => 'token',
  refreshAccessToken: async () => undefined,
};

/** A loopback server that records each request and answers with the next status in `statuses`. */
async function recorder(statuses: number[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      received.push({
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(parts),
      });
      res.writeHead(statuses.shift() ?? 200, {
        'content-type': 'application/json',
        location: '/v1.0/elsewhere',
      });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1.0`, received };
}

describe('request bodies', () => {
  it('sends large bytes as a stream of exactly their length, without chunked encoding', async () => {
    const { url, received } = await recorder([200]);
    const inits: RequestInit[] = [];
    const graph = new GraphClient({
      baseUrl: url,
      fetch: (input, init) => {
        if (init) inits.push(init);
        return fetch(input, init);
      },
      tokens: staticTokens,
    });
    const bytes = new Uint8Array(STREAM_BODY_MIN_BYTES).map((_, i) => i % 251);
    const response = await graph.send({ method: 'PUT', url: '/put', body: bytes });
    await response.text();
    expect(inits[0]?.body).toBeInstanceOf(ReadableStream);
    expect(received[0]?.headers['content-length']).toBe(String(STREAM_BODY_MIN_BYTES));
    expect(received[0]?.headers['transfer-encoding']).toBeUndefined();
    expect(received[0]?.body.equals(Buffer.from(bytes))).toBe(true);
  });

  it('passes strings and empty bodies through as they are', () => {
    const headers = new Headers();
    expect(bodyForAttempt('{"a":1}', headers)).toEqual({ body: '{"a":1}' });
    const empty = new Uint8Array(0);
    expect(bodyForAttempt(empty, headers)).toEqual({ body: empty });
    expect(bodyForAttempt(undefined, headers)).toEqual({});
    expect(headers.has('content-length')).toBe(false);
  });

  it('replays the same bytes with a fresh token after a 401', async () => {
    const { url, received } = await recorder([401, 201]);
    const graph = new GraphClient({
      baseUrl: url,
      fetch: globalThis.fetch,
      tokens: {
        getAccessToken: async () => 'old-token',
        refreshAccessToken: async () => 'new-token',
      },
    });
    const bytes = new TextEncoder().encode('the same bytes twice');
    const response = await graph.send({
      method: 'PUT',
      url: '/me/drive/items/1/content',
      body: bytes,
    });
    expect(response.status).toBe(201);
    await response.text();
    expect(received.map((r) => r.headers.authorization)).toEqual([
      'Bearer old-token',
      'Bearer new-token',
    ]);
    expect(received.map((r) => r.body.toString())).toEqual([
      'the same bytes twice',
      'the same bytes twice',
    ]);
    expect(received.map((r) => r.headers['content-length'])).toEqual(['20', '20']);
  });

  it('never sends an upload on to where a redirect points', async () => {
    const { url, received } = await recorder([307, 200]);
    const od = createOneDriveProvider({ accessToken: 'token', graphBaseUrl: url });
    const write = od.writeSmall(
      { parent: { path: '/' }, name: 'a.txt' },
      new TextEncoder().encode('once'),
      { conflict: 'fail' },
    );
    await expect(write).rejects.toMatchObject({
      code: 'Transient',
      message: expect.stringMatching(/unexpected redirect/),
    });
    expect(received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'PUT /v1.0/me/drive/root:/a.txt:/content?@microsoft.graph.conflictBehavior=fail',
    ]);
  });
});
