import { describe, expect, it } from 'vitest';
import { mapBounded } from '../src/map-bounded.js';

describe('mapBounded', () => {
  it('keeps the order of the items, whatever order the calls finish in', async () => {
    const delays = [5, 0, 3, 1, 4, 2];
    const results = await mapBounded(delays, 3, async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return ms * 10;
    });
    expect(results).toEqual([50, 0, 30, 10, 40, 20]);
  });

  it('never has more than `limit` calls in flight', async () => {
    let running = 0;
    let most = 0;
    await mapBounded(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 1));
        running--;
      },
    );
    expect(most).toBe(4);
  });

  it('throws the first error and starts no call after it', async () => {
    const started: number[] = [];
    const failing = mapBounded([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await Promise.resolve();
      if (i === 1) throw new Error('one failed');
      return i;
    });
    await expect(failing).rejects.toThrow('one failed');
    expect(started).toEqual([0, 1, 2]);
  });

  it('returns an empty array for no items', async () => {
    expect(await mapBounded([], 8, async () => 1)).toEqual([]);
  });
});
