import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyForAttempt } from '@polydrive/core';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphClient } from '../src/graph/graph-client.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A loopback server that records each request and answers with the next status in `statuses`. */
async function recorder(statuses: number[]): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(parts) });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1.0`, received };
}

describe('request bodies', () => {
  it('sends bytes as a stream of exactly their length, without chunked encoding', async () => {
    const { url, received } = await recorder([200]);
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    const headers = new Headers();
    const init = bodyForAttempt(bytes, headers);
    expect(init.body).toBeInstanceOf(ReadableStream);
    expect(init.duplex).toBe('half');
    const response = await fetch(`${url}/put`, { method: 'PUT', headers, ...init });
    await response.text();
    expect(received[0]?.headers['content-length']).toBe('300000');
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
});
