import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createPacer, type PacerOptions, sharedPacer, withPacer } from '../src/layers/index.js';
import { createScriptedProvider, fail, fileEntry } from './support/scripted-provider.js';

/** A clock that moves only when the test advances it, firing due sleeps in time order. */
function virtualClock(): Required<Pick<PacerOptions, 'now' | 'sleep'>> & {
  advance(ms: number): Promise<void>;
} {
  let time = 0;
  const sleepers: Array<{ at: number; wake: () => void }> = [];
  return {
    now: () => time,
    sleep: (ms) =>
      new Promise<void>((wake) => {
        sleepers.push({ at: time + ms, wake });
      }),
    async advance(ms) {
      const end = time + ms;
      await tick();
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next || next.at > end) break;
        sleepers.shift();
        time = next.at;
        next.wake();
        await tick();
      }
      time = end;
      await tick();
    },
  };
}

const A = { path: '/a.txt' };

describe('pacer', () => {
  it('never runs more calls at once than maxConcurrency', async () => {
    const inner = createScriptedProvider();
    let running = 0;
    let most = 0;
    inner.respond('stat', async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      await tick();
      running--;
      return fileEntry('/a.txt');
    });
    const provider = withPacer(inner, createPacer({ maxConcurrency: 3 }));
    await Promise.all(Array.from({ length: 20 }, () => provider.stat(A)));
    expect(most).toBe(3);
    expect(inner.callsOf('stat')).toHaveLength(20);
  });

  it('releases the slot of a failed call', async () => {
    const inner = createScriptedProvider();
    inner.script('stat', fail('NotFound'), () => fileEntry('/a.txt'));
    const provider = withPacer(inner, createPacer({ maxConcurrency: 1 }));
    await expect(provider.stat(A)).rejects.toMatchObject({ code: 'NotFound' });
    await expect(provider.stat(A)).resolves.toMatchObject({ path: '/a.txt' });
  });

  it('starts calls at the configured rate after the burst', async () => {
    const clock = virtualClock();
    const inner = createScriptedProvider();
    const starts: number[] = [];
    inner.respond('stat', () => {
      starts.push(clock.now());
      return fileEntry('/a.txt');
    });
    const provider = withPacer(inner, createPacer({ requestsPerSecond: 10, burst: 2, ...clock }));
    const all = Promise.all(Array.from({ length: 5 }, () => provider.stat(A)));
    await clock.advance(1000);
    await all;
    expect(starts).toEqual([0, 0, 100, 200, 300]);
  });

  it('pauses every call of the account after a RateLimited with Retry-After', async () => {
    const clock = virtualClock();
    const inner = createScriptedProvider();
    const starts: Array<[string, number]> = [];
    inner.script('stat', fail('RateLimited', { retryAfterMs: 2000 }));
    inner.respond('stat', () => {
      starts.push(['stat', clock.now()]);
      return fileEntry('/a.txt');
    });
    inner.respond('listPage', () => {
      starts.push(['listPage', clock.now()]);
      return { entries: [] };
    });
    const provider = withPacer(inner, createPacer({ maxConcurrency: 1, ...clock }));
    const throttled = provider.stat(A);
    // Queued behind the throttled call's slot: it must wait out the pause, not run on release.
    const queued = provider.stat(A);
    await expect(throttled).rejects.toMatchObject({ code: 'RateLimited' });
    const later = provider.listPage({ path: '/' });
    await clock.advance(1999);
    expect(starts).toEqual([]);
    await clock.advance(1);
    await Promise.all([queued, later]);
    expect(starts).toEqual([
      ['stat', 2000],
      ['listPage', 2000],
    ]);
  });

  it('caps a pause at maxPauseMs', async () => {
    const clock = virtualClock();
    const inner = createScriptedProvider();
    const starts: number[] = [];
    inner.script('stat', fail('RateLimited', { retryAfterMs: 3_600_000 }));
    inner.respond('stat', () => {
      starts.push(clock.now());
      return fileEntry('/a.txt');
    });
    const provider = withPacer(inner, createPacer({ maxPauseMs: 5000, ...clock }));
    await expect(provider.stat(A)).rejects.toMatchObject({ code: 'RateLimited' });
    const next = provider.stat(A);
    await clock.advance(5000);
    await next;
    expect(starts).toEqual([5000]);
  });

  it('ends a wait for a slot with Cancelled when the call is aborted', async () => {
    const inner = createScriptedProvider();
    let finishFirst!: () => void;
    inner.script(
      'stat',
      () =>
        new Promise((resolve) => {
          finishFirst = () => resolve(fileEntry('/first'));
        }),
    );
    inner.respond('stat', () => fileEntry('/other'));
    const provider = withPacer(inner, createPacer({ maxConcurrency: 1 }));
    const first = provider.stat(A);
    const controller = new AbortController();
    const waiting = provider.stat(A, { signal: controller.signal });
    const third = provider.stat(A);
    await tick();
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'Cancelled' });
    finishFirst();
    await expect(first).resolves.toMatchObject({ path: '/first' });
    await expect(third).resolves.toMatchObject({ path: '/other' });
    expect(inner.callsOf('stat')).toHaveLength(2);
  });

  it('ends a wait for a pause with Cancelled when the call is aborted', async () => {
    const clock = virtualClock();
    const pacer = createPacer(clock);
    pacer.pauseFor(10_000);
    const controller = new AbortController();
    let ran = false;
    const waiting = pacer.run(async () => {
      ran = true;
    }, controller.signal);
    await tick();
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'Cancelled' });
    expect(ran).toBe(false);
  });

  it('rejects invalid limits', () => {
    expect(() => createPacer({ maxConcurrency: 0 })).toThrow(/maxConcurrency/);
    expect(() => createPacer({ requestsPerSecond: Number.NaN })).toThrow(/requestsPerSecond/);
  });
});

describe('sharedPacer', () => {
  it('returns one pacer per account key', () => {
    const first = sharedPacer('pacer-test:alice', { maxConcurrency: 2 });
    expect(sharedPacer('pacer-test:alice', { maxConcurrency: 2 })).toBe(first);
    expect(sharedPacer('pacer-test:bob', { maxConcurrency: 2 })).not.toBe(first);
  });

  it('refuses other options for an account that has a pacer', () => {
    const keep = sharedPacer('pacer-test:carol', { maxConcurrency: 2 });
    expect(keep).toBeDefined();
    expect(() => sharedPacer('pacer-test:carol', { maxConcurrency: 4 })).toThrow(
      expect.objectContaining({ code: 'InvalidArgument' }),
    );
  });
});
