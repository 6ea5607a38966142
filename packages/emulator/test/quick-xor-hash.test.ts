import { describe, expect, it } from 'vitest';
import { QuickXorHash } from '../src/index.js';
import { naiveQuickXor, pseudoRandomBytes } from './support/harness.js';

describe('QuickXorHash', () => {
  it('matches the published vector for "hello world"', () => {
    expect(new QuickXorHash().update(Buffer.from('hello world')).digest()).toBe(
      'aCgDG9jwBhDc4Q1yawMZAAAAAAA=',
    );
  });

  it('gives the all-zero hash for empty input', () => {
    expect(new QuickXorHash().digest()).toBe('AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
  });

  it('agrees with a straightforward implementation across the 160-byte wrap', () => {
    for (const size of [1, 159, 160, 161, 1000, 4099]) {
      const data = pseudoRandomBytes(size, size);
      expect(new QuickXorHash().update(data).digest(), `size ${size}`).toBe(naiveQuickXor(data));
    }
  });

  it('gives the same hash however the input is split', () => {
    const data = pseudoRandomBytes(5000, 7);
    const split = new QuickXorHash()
      .update(data.subarray(0, 7))
      .update(data.subarray(7, 2345))
      .update(data.subarray(2345));
    expect(split.digest()).toBe(new QuickXorHash().update(data).digest());
  });

  it('copies its state: the copy and the original go on independently', () => {
    const data = pseudoRandomBytes(3000, 11);
    const original = new QuickXorHash().update(data.subarray(0, 1234));
    const copy = original.copy();
    original.update(Buffer.from('something else'));
    copy.update(data.subarray(1234));
    expect(copy.digest()).toBe(naiveQuickXor(data));
    expect(original.digest()).not.toBe(copy.digest());
  });

  it('gives the same hash for unaligned input, across several scratch slices', () => {
    const backing = pseudoRandomBytes(160 * 4096 * 2 + 1000, 9);
    const unaligned = backing.subarray(1, backing.length - 3);
    const aligned = Uint8Array.from(unaligned);
    expect(new QuickXorHash().update(unaligned).digest()).toBe(
      new QuickXorHash().update(aligned).digest(),
    );
    const small = backing.subarray(3, 3 + 2000);
    expect(new QuickXorHash().update(small).digest()).toBe(naiveQuickXor(small));
  });
});
