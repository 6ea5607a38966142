import { describe, expect, it } from 'vitest';
import { parseIsoTime } from '../src/model/index.js';

/** What `new Date` makes of a text, as parseIsoTime must answer: its time, or undefined. */
function viaDate(text: string): number | undefined {
  const time = new Date(text).getTime();
  return Number.isNaN(time) ? undefined : time;
}

describe('parseIsoTime', () => {
  it('reads UTC timestamps with and without milliseconds as new Date does, across the calendar', () => {
    const texts: string[] = [];
    for (let year = 0; year <= 9999; year += 37) {
      for (let month = 1; month <= 12; month++) {
        for (const day of [1, 9, 28, 29, 30, 31]) {
          const pad = (n: number, width = 2) => String(n).padStart(width, '0');
          const stem = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(month + 7)}:${pad(day)}:59`;
          texts.push(`${stem}.${pad(year % 1000, 3)}Z`, `${stem}Z`);
        }
      }
    }
    texts.push(
      '1970-01-01T00:00:00.000Z',
      '2026-11-28T01:02:03.456Z',
      '1969-12-31T23:59:59.999Z',
      '1969-12-31T23:59:59Z',
    );
    const differing = texts.filter((text) => parseIsoTime(text)?.getTime() !== viaDate(text));
    expect(texts.length).toBeGreaterThan(20_000);
    expect(differing).toEqual([]);
    expect(parseIsoTime('2026-11-28T01:02:03.456Z')?.toISOString()).toBe(
      '2026-11-28T01:02:03.456Z',
    );
    expect(parseIsoTime('2026-11-28T01:02:03Z')?.toISOString()).toBe('2026-11-28T01:02:03.000Z');
  });

  it('hands other forms to new Date and refuses what it cannot read', () => {
    const others = [
      '2026-11-28T01:02:03.4Z',
      '2026-11-28T01:02:03+00:00',
      '2026-11-28T01:02:03.456789Z',
      '2026-11-28T01:02:03.456+02:00',
      '2026-11-28',
      '2026-11-28T24:00:00.000Z',
      '2026-02-30T10:00:00.000Z',
      '+002026-11-28T01:02:03.456Z',
    ];
    for (const text of others) {
      expect([text, parseIsoTime(text)?.getTime()]).toEqual([text, viaDate(text)]);
    }
    expect(parseIsoTime('2026-11-28T01:02:03.456Z')).toBeInstanceOf(Date);
    for (const bad of [
      '2026-13-01T00:00:00.000Z',
      '2026-00-10T00:00:00.000Z',
      '2026-01-00T00:00:00.000Z',
      '2026-01-32T00:00:00.000Z',
      '2026-01-01T23:60:00.000Z',
      '2026-01-01T23:59:60.000Z',
      '2026-0a-01T00:00:00.000Z',
      '2026-01-01T00:00:60Z',
      '2026-01-01T00:00:0xZ',
      '2026-01-01T00:00:00.00xZ',
      'not a time at all, 24 ch',
    ]) {
      expect([bad, parseIsoTime(bad)]).toEqual([bad, undefined]);
    }
    expect(parseIsoTime('')).toBeUndefined();
    expect(parseIsoTime(null)).toBeUndefined();
    expect(parseIsoTime(undefined)).toBeUndefined();
  });
});
