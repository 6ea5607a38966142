import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PolydriveError } from '../src/errors/polydrive-error.js';
import { fetchFailureReason, isUnexpectedRedirect, requestFailedError } from '../src/http/index.js';

/** What fetch throws for a request to `url` with `init`. */
async function failureOf(url: string, init: RequestInit = {}): Promise<unknown> {
  return fetch(url, init).then(
    () => {
      throw new Error('the request was expected to fail');
    },
    (err: unknown) => err,
  );
}

describe('fetchFailureReason', () => {
  it("names the system error code of undici's failure", async () => {
    // A port that was just listened on and closed again: the connection is refused.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const err = await failureOf(`http://127.0.0.1:${port}/`);
    expect(fetchFailureReason(err)).toBe('ECONNREFUSED');
    expect(isUnexpectedRedirect(err)).toBe(false);
    const mapped = requestFailedError(err, undefined, 'Example', { provider: 'example' });
    expect(mapped).toMatchObject({ code: 'Transient', retryable: true, provider: 'example' });
    expect(mapped.message).toContain('The connection to Example failed (ECONNREFUSED).');
  });

  it("gives the cause's message when there is no code (an unexpected redirect)", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(302, { location: '/elsewhere' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const err = await failureOf(`http://127.0.0.1:${port}/`, { redirect: 'error' });
      expect((err as Error).message).toBe('fetch failed');
      expect(fetchFailureReason(err)).toBe('unexpected redirect');
      expect(isUnexpectedRedirect(err)).toBe(true);
      const mapped = requestFailedError(err, undefined, 'Example', {
        provider: 'example',
        operation: 'stat',
      });
      expect(mapped).toMatchObject({ code: 'Transient', retryable: false, operation: 'stat' });
      expect(mapped.message).toContain('The connection to Example failed (unexpected redirect).');
      expect(mapped.advice).toContain('base URL');
    } finally {
      server.close();
    }
  });

  it('falls back to the message, or the text of what is not an Error', () => {
    expect(fetchFailureReason(new Error('terminated'))).toBe('terminated');
    expect(fetchFailureReason('socket hang up')).toBe('socket hang up');
  });

  it("passes PolydriveErrors through and makes aborts Cancelled, the signal's reason first", () => {
    const context = { provider: 'example', operation: 'read', target: '/a' };
    const own = new PolydriveError('NotFound', { message: 'gone' });
    expect(requestFailedError(own, undefined, 'Example', context)).toBe(own);
    const timeout = new PolydriveError('Transient', { message: 'timed out' });
    const controller = new AbortController();
    controller.abort(timeout);
    expect(requestFailedError(new Error('whatever'), controller.signal, 'Example', context)).toBe(
      timeout,
    );
    const abort = new DOMException('This operation was aborted', 'AbortError');
    const cancelled = requestFailedError(abort, undefined, 'Example', context);
    expect(cancelled).toMatchObject({ code: 'Cancelled', ...context, cause: abort });
  });
});
