import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../src/concurrency/index.js';

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('KeyedMutex', () => {
  it('runs callers of one key one after another, and of other keys at once', async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    const first = gate();
    const a1 = mutex.run('a', async () => {
      order.push('a1 start');
      await first.opened;
      order.push('a1 end');
      return 1;
    });
    const a2 = mutex.run('a', async () => {
      order.push('a2 start');
      return 2;
    });
    const b = mutex.run('b', async () => {
      order.push('b start');
      return 3;
    });
    await b;
    expect(order).toEqual(['a1 start', 'b start']);
    first.open();
    expect(await Promise.all([a1, a2, b])).toEqual([1, 2, 3]);
    expect(order).toEqual(['a1 start', 'b start', 'a1 end', 'a2 start']);
  });

  it('starts a caller of a free key in the same turn', () => {
    const mutex = new KeyedMutex();
    let started = false;
    void mutex.run('free', async () => {
      started = true;
    });
    expect(started).toBe(true);
  });

  it('releases the key when the work fails, even by a synchronous throw', async () => {
    const mutex = new KeyedMutex();
    const thrown = mutex.run('k', () => {
      throw new Error('at once');
    });
    const rejected = mutex.run('k', async () => {
      throw new Error('later');
    });
    const after = mutex.run('k', async () => 'ran');
    await expect(thrown).rejects.toThrow('at once');
    await expect(rejected).rejects.toThrow('later');
    expect(await after).toBe('ran');
  });

  it('forgets a key once nobody holds or waits for it', async () => {
    const mutex = new KeyedMutex();
    const all = Promise.all([
      mutex.run('x', async () => 1),
      mutex.run('x', async () => 2),
      mutex.run('y', async () => 3),
    ]);
    expect(mutex.size).toBe(2);
    await all;
    expect(mutex.size).toBe(0);
  });
});
