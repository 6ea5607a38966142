import { describe, expect, it } from 'vitest';
import { KnownNames } from '../src/provider/known-names.js';

function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const never = async (): Promise<string[]> => {
  throw new Error('listed a folder it should not have');
};

describe('KnownNames', () => {
  it('knows the names of a folder it created, and nothing of other folders', async () => {
    const names = new KnownNames(1000, clock().now);
    names.created('f');
    expect(await names.claim('f', 'a.txt', never)).toBe(true);
    expect(await names.claim('f', 'a.txt', never)).toBe(false);
    names.take('f', 'b.txt');
    expect(await names.claim('f', 'b.txt', never)).toBe(false);
    expect(await names.claim('other', 'a.txt', never)).toBe(false);
  });

  it('knows nothing with a ttl of 0', async () => {
    const names = new KnownNames(0, clock().now);
    names.created('f');
    expect(await names.claim('f', 'a.txt', never)).toBe(false);
  });

  it('lists an expired folder once, keeping the names it took that the listing misses', async () => {
    const time = clock();
    const names = new KnownNames(1000, time.now);
    names.created('f');
    expect(await names.claim('f', 'mine.txt', never)).toBe(true);
    time.advance(1000);
    let listings = 0;
    const list = async () => {
      listings++;
      return ['theirs.txt'];
    };
    const answers = await Promise.all([
      names.claim('f', 'theirs.txt', list),
      names.claim('f', 'mine.txt', list),
      names.claim('f', 'new.txt', list),
      names.claim('f', 'new.txt', list),
    ]);
    expect(answers).toEqual([false, false, true, false]);
    expect(listings).toBe(1);
    expect(await names.claim('f', 'other.txt', never)).toBe(true);
  });

  it('forgets a folder whose listing fails, or that was cleared while it was listed', async () => {
    const time = clock();
    const names = new KnownNames(1000, time.now);
    names.created('f');
    names.created('g');
    time.advance(1000);
    const failing = async (): Promise<string[]> => {
      throw new Error('429');
    };
    expect(await names.claim('f', 'a.txt', failing)).toBe(false);
    expect(await names.claim('f', 'a.txt', never)).toBe(false);
    const clearing = async () => {
      names.clear();
      return [];
    };
    expect(await names.claim('g', 'a.txt', clearing)).toBe(false);
    expect(await names.claim('g', 'a.txt', never)).toBe(false);
  });
});
