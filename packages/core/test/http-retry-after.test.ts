import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../src/http/index.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wednesday, 01-May-24 12:01:00 GMT', NOW)).toBe(60_000);
  });

  it('gives 0 for a date in the past', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', NOW)).toBe(0);
  });

  it('gives undefined for missing or garbage values', () => {
    for (const value of [
      null,
      '',
      '   ',
      'soon',
      '-5',
      '10s',
      '1 2',
      '12.5.3',
      'Xyz, 99 Foo 2024',
    ]) {
      expect(parseRetryAfter(value, NOW)).toBeUndefined();
    }
  });
});
