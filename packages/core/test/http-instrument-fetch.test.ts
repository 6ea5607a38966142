import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PolydriveError } from '../src/errors/polydrive-error.js';
import { instrumentFetch, requestIdOf } from '../src/http/index.js';
import { type LogFields, type Logger, withRetry } from '../src/layers/index.js';
import { createScriptedProvider, fileEntry } from './support/scripted-provider.js';

const SECRET = 'tok_very_secret_value';

let server: Server;
let base: string;
let statuses: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const status = statuses.shift() ?? 200;
    const headers: Record<string, string> = {
      'content-type': 'text/plain',
      'request-id': `req-${req.method}`,
    };
    if (status === 429) headers['retry-after'] = '3';
    res.writeHead(status, headers);
    res.end(`body with access_token=${SECRET}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  statuses = [];
  vi.unstubAllEnvs();
});

function memoryLogger(): Logger & { lines: Array<{ message: string; fields?: LogFields }> } {
  const lines: Array<{ message: string; fields?: LogFields }> = [];
  const push = (message: string, fields?: LogFields): void => {
    lines.push({ message, fields });
  };
  return { lines, debug: push, info: push, warn: push, error: push };
}

describe('instrumentFetch', () => {
  it('logs method, redacted URL, status, duration, attempt and request id, and no credentials', async () => {
    const logger = memoryLogger();
    const fetcher = instrumentFetch(fetch, { provider: 'test', logger, debug: true });
    statuses = [429];
    const response = await fetcher(`${base}/items?select=id&access_token=${SECRET}`, {
      method: 'post',
      headers: { authorization: `Bearer ${SECRET}`, cookie: `sid=${SECRET}` },
      body: `client_secret=${SECRET}`,
    });
    expect(response.status).toBe(429);
    expect(await response.text()).toContain(SECRET);
    expect(logger.lines).toHaveLength(1);
    const [line] = logger.lines;
    expect(line?.fields).toEqual({
      provider: 'test',
      method: 'POST',
      url: `${base}/items?select=id&access_token=[REDACTED]`,
      status: 429,
      durationMs: expect.any(Number),
      attempt: 1,
      requestId: 'req-POST',
      retryAfterMs: 3000,
    });
    expect(line?.message).toMatch(
      /^test POST http:\/\/127\.0\.0\.1:\d+\/items\?select=id&access_token=\[REDACTED\] -> 429 in \d+ ms \(attempt 1\)$/,
    );
    expect(JSON.stringify(logger.lines)).not.toContain(SECRET);
  });

  it('accepts a Request as input', async () => {
    const logger = memoryLogger();
    const fetcher = instrumentFetch(fetch, { provider: 'test', logger, debug: true });
    await fetcher(new Request(`${base}/r?sig=${SECRET}`, { method: 'DELETE' }));
    expect(logger.lines[0]?.fields).toMatchObject({
      method: 'DELETE',
      url: `${base}/r?sig=[REDACTED]`,
      status: 200,
    });
  });

  it('logs the retry layer’s attempt number for each request', async () => {
    const logger = memoryLogger();
    const fetcher = instrumentFetch(fetch, { provider: 'test', logger, debug: true });
    const inner = createScriptedProvider();
    inner.respond('stat', async () => {
      const response = await fetcher(`${base}/stat`);
      await response.body?.cancel();
      if (response.status === 503) throw new PolydriveError('Transient', { message: 'Busy.' });
      return fileEntry('/a');
    });
    statuses = [503, 503, 200];
    await withRetry(inner, { sleep: async () => {} }).stat({ path: '/a' });
    expect(logger.lines.map((line) => [line.fields?.attempt, line.fields?.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
  });

  it('logs a network failure, redacted, and rethrows it', async () => {
    const logger = memoryLogger();
    const failing = async (): Promise<Response> => {
      throw new TypeError(`fetch failed for ?refresh_token=${SECRET}`);
    };
    const fetcher = instrumentFetch(failing, { provider: 'test', logger, debug: true });
    await expect(fetcher(`${base}/x?code=${SECRET}`)).rejects.toThrow(TypeError);
    expect(logger.lines[0]?.message).toMatch(/failed in \d+ ms \(attempt 1\)$/);
    expect(JSON.stringify(logger.lines)).not.toContain(SECRET);
  });

  it('returns fetch untouched outside debug mode, and follows POLYDRIVE_DEBUG', () => {
    vi.stubEnv('POLYDRIVE_DEBUG', '');
    expect(instrumentFetch(fetch, { provider: 'test', logger: memoryLogger() })).toBe(fetch);
    vi.stubEnv('POLYDRIVE_DEBUG', '1');
    expect(instrumentFetch(fetch, { provider: 'test', logger: memoryLogger() })).not.toBe(fetch);
    expect(instrumentFetch(fetch, { provider: 'test', logger: memoryLogger(), debug: false })).toBe(
      fetch,
    );
  });
});

describe('requestIdOf', () => {
  it('finds the request id under each provider’s header', () => {
    expect(requestIdOf(new Headers({ 'x-dropbox-request-id': 'd1' }))).toBe('d1');
    expect(requestIdOf(new Headers({ 'client-request-id': 'c1', 'request-id': 'r1' }))).toBe('r1');
    // It repeats a Google upload session's upload_id, a capability: never logged.
    expect(requestIdOf(new Headers({ 'x-guploader-uploadid': 'g1' }))).toBeUndefined();
    expect(requestIdOf(new Headers())).toBeUndefined();
  });
});
