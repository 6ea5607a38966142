import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelledError, PolydriveError } from '../src/errors/polydrive-error.js';
import { timeoutLayer } from '../src/layers/index.js';
import type { OperationOptions, PassthroughRequest } from '../src/provider/provider.js';
import { createScriptedProvider, fileEntry, ok } from './support/scripted-provider.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** An answer that settles only when the signal in the options argument at `index` aborts. */
const untilAborted =
  (index: number) =>
  (args: unknown[]): Promise<never> =>
    new Promise((_, reject) => {
      const signal = (args[index] as OperationOptions).signal;
      signal?.addEventListener('abort', () => reject(cancelledError(signal)));
    });

const A = { path: '/a.txt' };

/** The latest a call with a limit of `ms` times out: up to a 64th later (see TimeWindow). */
const latest = (ms: number): number => ms + Math.ceil(ms / 64);

/**
 * A timeout layer with a limit of `ms` over a provider whose `stat` answers only once its signal
 * aborts. `stat()` starts one such call and resolves with the error it ends with.
 */
function hangingStats(ms: number) {
  const inner = createScriptedProvider();
  inner.respond('stat', untilAborted(1));
  const provider = timeoutLayer({ timeoutMs: ms })(inner);
  const stat = (): Promise<unknown> => provider.stat(A).catch((e: unknown) => e);
  return { inner, provider, stat };
}

/** The signal a recorded call carried in the argument at `index`. */
const signalIn = (args: unknown[] | undefined, index: number): AbortSignal | undefined =>
  (args?.[index] as OperationOptions | undefined)?.signal;

describe('timeout layer', () => {
  it('fails a slow call with Transient and aborts the signal the provider got', async () => {
    const { inner, stat } = hangingStats(50);
    let settled = false;
    const outcome = stat();
    void outcome.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(50);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(latest(50) - 50);
    const error = (await outcome) as PolydriveError;
    expect(error).toBeInstanceOf(PolydriveError);
    expect(error).toMatchObject({ code: 'Transient', retryable: true, operation: 'stat' });
    expect(error.message).toContain('timed out after 50 ms');
    const signal = signalIn(inner.calls[0]?.args, 1);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
  });

  it('times out even when the provider ignores the signal', async () => {
    const inner = createScriptedProvider();
    inner.respond('listPage', () => new Promise(() => {}));
    const provider = timeoutLayer({ timeoutMs: 20 })(inner);
    const outcome = provider.listPage({ path: '/' }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(latest(20));
    expect(await outcome).toMatchObject({ code: 'Transient' });
  });

  it('gives Cancelled when the caller aborts', async () => {
    const inner = createScriptedProvider();
    inner.respond('stat', untilAborted(1));
    const provider = timeoutLayer({ timeoutMs: 10_000 })(inner);
    const controller = new AbortController();
    const outcome = provider.stat(A, { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5);
    controller.abort();
    expect(await outcome).toMatchObject({ code: 'Cancelled' });
  });

  it('uses the per-operation limit, and none for Infinity', async () => {
    const inner = createScriptedProvider();
    inner.respond('stat', untilAborted(1));
    inner.respond(
      'read',
      () =>
        new Promise((resolve) => setTimeout(() => resolve({ stream: new ReadableStream() }), 500)),
    );
    const provider = timeoutLayer({
      timeoutMs: 100,
      perOperation: { stat: 10, read: Number.POSITIVE_INFINITY, delete: undefined },
    })(inner);
    const stat = provider.stat(A).catch((e: unknown) => e);
    const read = provider.read(A);
    await vi.advanceTimersByTimeAsync(latest(10));
    expect(await stat).toMatchObject({
      code: 'Transient',
      message: expect.stringContaining('10 ms'),
    });
    await vi.advanceTimersByTimeAsync(500 - latest(10));
    await expect(read).resolves.toHaveProperty('stream');
  });

  it('passes new options objects that keep every other option', async () => {
    const inner = createScriptedProvider({ optional: ['about', 'passthrough'] });
    inner.respond('writeSmall', ok(fileEntry('/a.txt', 1)));
    inner.respond('about', ok({ id: 'd' }));
    inner.respond('passthrough', ok('response'));
    const provider = timeoutLayer({ timeoutMs: 1000 })(inner);
    const options = { conflict: 'replace' as const, mimeType: 'text/plain' };
    const dest = { parent: { path: '/' }, name: 'a.txt' };
    await provider.writeSmall(dest, new Uint8Array([1]), options);
    await provider.about?.();
    const request: PassthroughRequest = { method: 'GET', path: '/me', headers: { accept: 'x' } };
    await provider.passthrough?.(request);

    const [writeArgs, aboutArgs, passArgs] = inner.calls.map((call) => call.args);
    expect(writeArgs?.[2]).toMatchObject({ conflict: 'replace', mimeType: 'text/plain' });
    expect(signalIn(writeArgs, 2)).toBeInstanceOf(AbortSignal);
    expect(options).not.toHaveProperty('signal');
    expect(signalIn(aboutArgs, 0)).toBeInstanceOf(AbortSignal);
    expect(passArgs?.[0]).toMatchObject({ method: 'GET', path: '/me', headers: { accept: 'x' } });
    expect(signalIn(passArgs, 0)).toBeInstanceOf(AbortSignal);
  });

  it('leaves the signal alone once the call has returned, so a read body keeps flowing', async () => {
    const inner = createScriptedProvider();
    inner.respond('read', ok({ stream: new ReadableStream() }));
    const provider = timeoutLayer({ timeoutMs: 30 })(inner);
    await provider.read(A);
    await vi.advanceTimersByTimeAsync(1000);
    expect(signalIn(inner.calls[0]?.args, 1)?.aborted).toBe(false);
  });

  it('gives a call that joins a window late its whole limit, and fails the window together', async () => {
    // A limit of 640 ms: calls starting within 10 ms share a window, timed out at 650 ms.
    const { inner, stat } = hangingStats(640);
    const first = stat();
    await vi.advanceTimersByTimeAsync(8);
    const late = stat();
    await vi.advanceTimersByTimeAsync(12);
    const next = stat();
    const outcomes: unknown[] = [];
    for (const p of [first, late, next]) void p.then((e) => outcomes.push(e));
    await vi.advanceTimersByTimeAsync(647 - 20);
    expect(outcomes).toEqual([]);
    await vi.advanceTimersByTimeAsync(3);
    expect(outcomes).toHaveLength(2);
    expect(outcomes).toEqual([
      expect.objectContaining({ code: 'Transient' }),
      expect.objectContaining({ code: 'Transient' }),
    ]);
    const [one, two, three] = inner.calls.map((call) => signalIn(call.args, 1));
    expect(one).toBe(two);
    expect([one?.aborted, three?.aborted]).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(20);
    expect(await next).toMatchObject({ code: 'Transient' });
  });

  it('keeps the window calls are joining when an older one with the same limit times out', async () => {
    // A limit of 640 ms: a window takes calls for 10 ms and times out 650 ms after it opened.
    const { inner, stat } = hangingStats(640);
    const first = stat();
    await vi.advanceTimersByTimeAsync(645);
    // The first window takes no more calls: this one opens a second, joinable until 655 ms.
    const second = stat();
    await vi.advanceTimersByTimeAsync(6);
    expect(await first).toMatchObject({ code: 'Transient' });
    const third = stat();
    const [one, two, three] = inner.calls.map((call) => signalIn(call.args, 1));
    expect(one?.aborted).toBe(true);
    expect(two).not.toBe(one);
    expect(three).toBe(two);
    expect(two?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(latest(640));
    expect([await second, await third]).toEqual([
      expect.objectContaining({ code: 'Transient' }),
      expect.objectContaining({ code: 'Transient' }),
    ]);
  });

  it('leaves no timer behind once the calls of a window have returned', async () => {
    const inner = createScriptedProvider();
    inner.respond('stat', ok(fileEntry('/a.txt', 1)));
    const provider = timeoutLayer({ timeoutMs: 60_000 })(inner);
    await Promise.all([provider.stat(A), provider.stat(A)]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps a read’s signal its own: another call’s timeout does not abort its body', async () => {
    const { inner, provider, stat } = hangingStats(30);
    inner.respond('read', ok({ stream: new ReadableStream() }));
    const slow = stat();
    await provider.read(A);
    await vi.advanceTimersByTimeAsync(100);
    expect(await slow).toMatchObject({ code: 'Transient' });
    const [statCall, readCall] = inner.calls;
    expect(signalIn(statCall?.args, 1)?.aborted).toBe(true);
    expect(signalIn(readCall?.args, 1)?.aborted).toBe(false);
  });

  it('shares one signal among at most 256 calls, each listening without a leak warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const { inner, stat } = hangingStats(1000);
      const outcomes = Array.from({ length: 300 }, stat);
      const signals = new Set(inner.calls.map((call) => signalIn(call.args, 1)));
      expect(signals.size).toBe(2);
      await vi.advanceTimersByTimeAsync(latest(1000));
      for (const outcome of await Promise.all(outcomes)) {
        expect(outcome).toMatchObject({ code: 'Transient' });
      }
      await new Promise((resolve) => process.nextTick(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('lets calls one after the other share a signal until one times out', async () => {
    const inner = createScriptedProvider();
    inner.respond('stat', ok(fileEntry('/a.txt', 1)));
    const provider = timeoutLayer({ timeoutMs: 100 })(inner);
    await provider.stat(A);
    await vi.advanceTimersByTimeAsync(500);
    await provider.stat(A);
    inner.respond('stat', untilAborted(1));
    const slow = provider.stat(A).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(latest(100));
    expect(await slow).toMatchObject({ code: 'Transient' });
    inner.respond('stat', ok(fileEntry('/a.txt', 1)));
    await provider.stat(A);
    const [one, two, three, four] = inner.calls.map((call) => signalIn(call.args, 1));
    expect(two).toBe(one);
    expect(three).toBe(one);
    expect(one?.aborted).toBe(true);
    expect(four).not.toBe(one);
    expect(four?.aborted).toBe(false);
  });

  it('keeps the longest limit within what Node timers take', async () => {
    const { stat } = hangingStats(2 ** 31 - 1);
    let settled = false;
    void stat().then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(settled).toBe(false);
  });

  it('rejects invalid limits', () => {
    expect(() => timeoutLayer({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => timeoutLayer({ timeoutMs: 10, perOperation: { read: -1 } })).toThrow(/read/);
    expect(() => timeoutLayer({ timeoutMs: 2 ** 31 })).toThrow(/Infinity/);
  });
});
