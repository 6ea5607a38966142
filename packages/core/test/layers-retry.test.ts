import { describe, expect, it } from 'vitest';
import { PolydriveError } from '../src/errors/polydrive-error.js';
import { enableAttemptTracking } from '../src/http/attempt-context.js';
import { currentAttempt } from '../src/http/index.js';
import { type RetryInfo, type RetryOptions, withRetry } from '../src/layers/index.js';
import type { Provider } from '../src/provider/provider.js';
import {
  createScriptedProvider,
  fail,
  fileEntry,
  ok,
  type ScriptedProvider,
} from './support/scripted-provider.js';

/** A retry stack whose waits are recorded instead of slept. */
function setup(options: RetryOptions = {}): {
  inner: ScriptedProvider;
  provider: Provider;
  delays: number[];
} {
  const inner = createScriptedProvider({ optional: ['copy', 'passthrough'] });
  const delays: number[] = [];
  const provider = withRetry(inner, {
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...options,
  });
  return { inner, provider, delays };
}

const A = { path: '/a.txt' };
const DEST = { parent: { path: '/' }, name: 'a.txt' };
const BYTES = new Uint8Array([1, 2, 3]);

describe('retry layer', () => {
  it('succeeds after transient failures, with exponential backoff and jitter', async () => {
    const { inner, provider, delays } = setup();
    inner.script(
      'stat',
      fail('Transient'),
      fail('Transient'),
      fail('Transient'),
      ok(fileEntry('/a.txt')),
    );
    await expect(provider.stat(A)).resolves.toMatchObject({ path: '/a.txt' });
    expect(inner.callsOf('stat')).toHaveLength(4);
    // random 0.5 of the caps 500, 1000, 2000
    expect(delays).toEqual([250, 500, 1000]);
  });

  it('caps the backoff at maxDelayMs', async () => {
    const { inner, provider, delays } = setup({
      random: () => 0.999,
      baseDelayMs: 100,
      maxDelayMs: 300,
      maxAttempts: 5,
    });
    inner.respond('stat', fail('Transient'));
    await expect(provider.stat(A)).rejects.toThrow();
    expect(delays).toEqual([99, 199, 299, 299]);
  });

  it('gives up after maxAttempts with the last error code, the count and the last error as cause', async () => {
    const { inner, provider } = setup({ maxAttempts: 3 });
    const errors = [1, 2, 3].map(
      (n) =>
        new PolydriveError('Transient', {
          message: `Failure ${n}.`,
          httpStatus: 503,
          requestId: `r${n}`,
        }),
    );
    inner.script('stat', ...errors.map((error) => fail(error)));
    const error = await provider.stat(A).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolydriveError);
    expect(error).toMatchObject({
      code: 'Transient',
      retryable: true,
      httpStatus: 503,
      requestId: 'r3',
      provider: 'scripted',
      operation: 'stat',
    });
    expect((error as PolydriveError).message).toMatch(/Failure 3\. Gave up after 3 attempts\./);
    expect((error as PolydriveError).cause).toBe(errors[2]);
    expect(inner.callsOf('stat')).toHaveLength(3);
  });

  it('never retries an error that is not retryable', async () => {
    const { inner, provider, delays } = setup();
    const notFound = new PolydriveError('NotFound', { message: 'No such file.' });
    inner.script('stat', fail(notFound));
    await expect(provider.stat(A)).rejects.toBe(notFound);
    const unretryable = new PolydriveError('Transient', {
      message: 'Marked final.',
      retryable: false,
    });
    inner.script('read', fail(unretryable));
    await expect(provider.read(A)).rejects.toBe(unretryable);
    inner.script('delete', () => {
      throw new TypeError('not a PolydriveError');
    });
    await expect(provider.delete(A)).rejects.toThrow(TypeError);
    expect(inner.calls).toHaveLength(3);
    expect(delays).toEqual([]);
  });

  it('does not retry non-idempotent operations on Transient', async () => {
    const { inner, provider } = setup();
    inner.respond('createFolder', fail('Transient'));
    inner.respond('move', fail('Transient'));
    inner.respond('copy', fail('Transient'));
    inner.respond('uploadChunk', fail('Transient'));
    inner.respond('writeSmall', fail('Transient'));
    inner.respond('passthrough', fail('Transient'));
    await expect(provider.createFolder({ path: '/' }, 'f', { conflict: 'fail' })).rejects.toThrow();
    await expect(provider.move(A, DEST, { conflict: 'fail' })).rejects.toThrow();
    await expect(provider.copy?.(A, DEST, { conflict: 'replace' })).rejects.toThrow();
    await expect(provider.writeSmall(DEST, BYTES, { conflict: 'rename' })).rejects.toThrow();
    await expect(provider.passthrough?.({ method: 'POST', path: '/x' })).rejects.toThrow();
    expect(inner.calls.map((call) => call.operation)).toEqual([
      'createFolder',
      'move',
      'copy',
      'writeSmall',
      'passthrough',
    ]);
  });

  it('retries non-idempotent operations on RateLimited', async () => {
    const { inner, provider } = setup();
    inner.script('createFolder', fail('RateLimited'), ok({ kind: 'folder', id: 'f', name: 'f' }));
    await expect(
      provider.createFolder({ path: '/' }, 'f', { conflict: 'fail' }),
    ).resolves.toMatchObject({
      id: 'f',
    });
    expect(inner.callsOf('createFolder')).toHaveLength(2);
  });

  it('retries idempotent forms of writeSmall and passthrough on Transient', async () => {
    const { inner, provider } = setup();
    inner.script('writeSmall', fail('Transient'), ok(fileEntry('/a.txt', 3)));
    inner.script('passthrough', fail('Transient'), ok('response'));
    await provider.writeSmall(DEST, BYTES, { conflict: 'replace' });
    await provider.passthrough?.({ method: 'get', path: '/me' });
    expect(inner.callsOf('writeSmall')).toHaveLength(2);
    expect(inner.callsOf('passthrough')).toHaveLength(2);
  });

  it('never waits less than Retry-After', async () => {
    const { inner, provider, delays } = setup({ random: () => 0.99 });
    inner.script(
      'stat',
      fail('RateLimited', { retryAfterMs: 7000 }),
      fail('RateLimited', { retryAfterMs: 10 }),
      ok(fileEntry('/a.txt')),
    );
    await provider.stat(A);
    // The first wait is Retry-After; the second, the backoff (990 ms) as it is the longer.
    expect(delays).toEqual([7000, 990]);
  });

  it('gives up at once when Retry-After exceeds maxRetryAfterMs', async () => {
    const { inner, provider, delays } = setup({ maxRetryAfterMs: 60_000 });
    inner.script('stat', fail('RateLimited', { retryAfterMs: 120_000 }));
    const error = (await provider.stat(A).catch((e: unknown) => e)) as PolydriveError;
    expect(error.code).toBe('RateLimited');
    expect(error.retryAfterMs).toBe(120_000);
    expect(error.message).toMatch(/Gave up after 1 attempt: the provider asked to wait 120 s/);
    expect(error.advice).toBe('Wait 120 s before trying again.');
    expect(delays).toEqual([]);
    expect(inner.callsOf('stat')).toHaveLength(1);
  });

  it('stops with Cancelled at once when the call is aborted during a wait', async () => {
    const inner = createScriptedProvider();
    inner.respond('stat', fail('Transient'));
    let waiting!: () => void;
    const waitStarted = new Promise<void>((resolve) => {
      waiting = resolve;
    });
    const provider = withRetry(inner, {
      sleep: () => {
        waiting();
        return new Promise<void>(() => {});
      },
    });
    const controller = new AbortController();
    const outcome = provider.stat(A, { signal: controller.signal });
    await waitStarted;
    controller.abort();
    await expect(outcome).rejects.toMatchObject({ code: 'Cancelled' });
    expect(inner.callsOf('stat')).toHaveLength(1);
  });

  it('runs each attempt inside currentAttempt() once attempts are tracked', async () => {
    enableAttemptTracking();
    const { inner, provider } = setup();
    const attempts: Array<number | undefined> = [];
    inner.respond('stat', () => {
      attempts.push(currentAttempt());
      if (attempts.length < 3) throw new PolydriveError('Transient', { message: 'Again.' });
      return fileEntry('/a.txt');
    });
    await provider.stat(A);
    expect(attempts).toEqual([1, 2, 3]);
    expect(currentAttempt()).toBeUndefined();
  });

  it('tells onRetry about each retry', async () => {
    const infos: RetryInfo[] = [];
    const { inner, provider } = setup({ onRetry: (info) => infos.push(info) });
    const error = new PolydriveError('Transient', { message: 'Blip.' });
    inner.script('listPage', fail(error), ok({ entries: [] }));
    await provider.listPage({ path: '/' });
    expect(infos).toEqual([
      { provider: 'scripted', operation: 'listPage', attempt: 1, delayMs: 250, error },
    ]);
  });

  it('rejects invalid options', () => {
    const inner = createScriptedProvider();
    expect(() => withRetry(inner, { maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => withRetry(inner, { baseDelayMs: -1 })).toThrow(/baseDelayMs/);
  });
});
