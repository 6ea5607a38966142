import { describe, expect, it } from 'vitest';
import { measureInterleaved, measurePair } from '../../bench/lib/measure.mjs';

/** A meter that reports a fixed number of requests per measurement. */
function meter(requests: number) {
  return {
    mark: async () => undefined,
    since: async () => ({ requests, cpuShare: 0.5 }),
  };
}

describe('measureInterleaved', () => {
  it('takes turns slice by slice, each side going first every other time', async () => {
    const order: string[] = [];
    await measureInterleaved({
      rounds: 2,
      slices: 2,
      run: async (round: number, slice: number) => {
        order.push(`run ${round}.${slice}`);
      },
      base: async (round: number, slice: number) => {
        order.push(`base ${round}.${slice}`);
      },
    });
    expect(order).toEqual([
      'run 0.0',
      'base 0.0',
      'base 0.1',
      'run 0.1',
      'run 1.0',
      'base 1.0',
      'base 1.1',
      'run 1.1',
    ]);
  });

  it('reports each side’s mean round: slice times and requests summed over the rounds', async () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const { run, base } = await measureInterleaved({
      rounds: 2,
      slices: 3,
      runMeter: meter(10),
      baseMeter: meter(4),
      run: () => pause(20),
      base: () => pause(5),
    });
    // Three slices a round, at least 3 x 20 ms and 3 x 5 ms (a timer may fire up to 1 ms early).
    expect(run.seconds).toBeGreaterThanOrEqual(0.057);
    expect(base.seconds).toBeGreaterThanOrEqual(0.012);
    expect(run.requests).toBe(30);
    expect(base.requests).toBe(12);
    expect(run.emulatorCpuShare).toBeCloseTo(0.5);
  });
});

describe('measurePair', () => {
  it('takes turns round by round, each side going first every other time', async () => {
    const order: string[] = [];
    await measurePair({
      rounds: 3,
      run: async (round: number) => {
        order.push(`run ${round}`);
      },
      base: async (round: number) => {
        order.push(`base ${round}`);
      },
    });
    expect(order).toEqual(['run 0', 'base 0', 'base 1', 'run 1', 'run 2', 'base 2']);
  });
});
