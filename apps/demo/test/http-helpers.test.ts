import { describe, expect, it } from 'vitest';
import { parseRange } from '../src/server/byte-range.js';
import { attachmentHeader } from '../src/server/content-disposition.js';
import { LOGIN_TIMEOUT_MS, PendingLogins } from '../src/server/pending-logins.js';

describe('parseRange', () => {
  it('reads the three forms of a single byte range, clamped to the file', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ offset: 0, length: 10 });
    expect(parseRange('bytes=90-', 100)).toEqual({ offset: 90, length: 10 });
    expect(parseRange('bytes=95-200', 100)).toEqual({ offset: 95, length: 5 });
    expect(parseRange('bytes=-30', 100)).toEqual({ offset: 70, length: 30 });
    expect(parseRange('bytes=-300', 100)).toEqual({ offset: 0, length: 100 });
  });

  it('answers unsatisfiable for ranges past the end or of an empty file', () => {
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=100-120', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });

  it('ignores what it does not serve: no header, other units, several ranges, nonsense', () => {
    for (const header of [
      undefined,
      'items=0-1',
      'bytes=0-1,5-6',
      'bytes=-',
      'bytes=5-2',
      'bytes=a-b',
    ]) {
      expect(parseRange(header, 100)).toBeUndefined();
    }
  });
});

describe('attachmentHeader', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentHeader('report.pdf')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
    expect(attachmentHeader('Grüße "2024" (v2).txt')).toBe(
      `attachment; filename="Gr__e _2024_ (v2).txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%222024%22%20%28v2%29.txt`,
    );
  });
});

describe('PendingLogins', () => {
  const login = { connectionId: 'onedrive', codeVerifier: 'v', redirectUri: 'http://x/cb' };

  it('hands a sign-in out once', () => {
    const pending = new PendingLogins();
    pending.add('s1', login);
    expect(pending.take('s2')).toBeUndefined();
    expect(pending.take('s1')).toEqual(login);
    expect(pending.take('s1')).toBeUndefined();
  });

  it('forgets sign-ins older than the timeout', () => {
    let now = 1_000;
    const pending = new PendingLogins(() => now);
    pending.add('old', login);
    now += LOGIN_TIMEOUT_MS - 1;
    pending.add('new', login);
    now += 1;
    expect(pending.take('old')).toBeUndefined();
    expect(pending.take('new')).toEqual(login);
  });
});
