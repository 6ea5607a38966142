import { describe, expect, it } from 'vitest';
import {
  firstFreeName,
  isSameOrInside,
  normalizePath,
  numberedName,
  PERMISSIVE_NAME_RULES,
  PolydriveError,
  splitPath,
} from '../src/index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof PolydriveError ? err.code : 'not a PolydriveError';
  }
  return undefined;
}

describe('normalizePath', () => {
  it('roots, trims a trailing slash and keeps names byte for byte', () => {
    expect(normalizePath('')).toBe('/');
    expect(normalizePath('.')).toBe('/');
    expect(normalizePath('a/b/')).toBe('/a/b');
    expect(normalizePath('/cafe\u0301')).toBe('/cafe\u0301');
  });

  it.each([
    ['/a/../b', /'\.\.'/],
    ['/a//b', /empty segment/],
    ['/a\u0000', /NUL/],
    ['/a\u0007b', /control/],
    ['/a/./b', /'\.'/],
  ])('refuses %j', (path, message) => {
    expect(() => normalizePath(path)).toThrow(message);
    expect(codeOf(() => normalizePath(path))).toBe('InvalidArgument');
  });

  it('applies name rules: characters, reserved names, spaces, dots and lengths', () => {
    const rules = {
      ...PERMISSIVE_NAME_RULES,
      invalidChars: '*:',
      reservedNames: ['CON'],
      noLeadingOrTrailingSpace: true,
      noTrailingDot: true,
      maxNameLength: 5,
      maxPathLength: 12,
    };
    expect(() => normalizePath('/a*b', rules)).toThrow(/"\*"/);
    expect(() => normalizePath('/con', rules)).toThrow(/reserved/);
    expect(() => normalizePath('/ a', rules)).toThrow(/white space/);
    expect(() => normalizePath('/a.', rules)).toThrow(/dot/);
    expect(() => normalizePath('/abcdef', rules)).toThrow(/limit of 5/);
    expect(() => normalizePath('/abc/abc/abc/abc', rules)).toThrow(/limit of 12/);
    expect(normalizePath('/ab/cd', rules)).toBe('/ab/cd');
  });

  it('takes every invalid character literally, pattern syntax and astral ones too', () => {
    const rules = { ...PERMISSIVE_NAME_RULES, invalidChars: '\\]^-|\u{1F600}' };
    for (const ch of ['\\', ']', '^', '-', '|', '\u{1F600}']) {
      expect(() => normalizePath(`/a${ch}b`, rules)).toThrow(JSON.stringify(ch));
    }
    expect(normalizePath('/a[bc', rules)).toBe('/a[bc');
    expect(normalizePath('/abc\u{1F601}', rules)).toBe('/abc\u{1F601}');
    expect(() =>
      normalizePath('/ok/Con', { ...PERMISSIVE_NAME_RULES, reservedNames: ['CON'] }),
    ).toThrow(/reserved/);
  });

  it('refuses a non-string with advice', () => {
    expect(() => normalizePath(7 as unknown as string)).toThrow(/must be a string/);
  });
});

describe('path helpers', () => {
  it('splits and compares', () => {
    expect(splitPath('/a/b.txt')).toEqual({ parent: '/a', name: 'b.txt' });
    expect(splitPath('/b.txt')).toEqual({ parent: '/', name: 'b.txt' });
    expect(codeOf(() => splitPath('/'))).toBe('InvalidArgument');
    expect(isSameOrInside('/a/b', '/a')).toBe(true);
    expect(isSameOrInside('/ab', '/a')).toBe(false);
    expect(isSameOrInside('/A/b', '/a', true)).toBe(true);
  });

  it('numbers taken names before the extension', () => {
    expect(numberedName('report.pdf', 1)).toBe('report (1).pdf');
    expect(numberedName('archive.tar.gz', 2)).toBe('archive (2).tar.gz');
    expect(numberedName('.env', 1)).toBe('.env (1)');
    expect(numberedName('README', 3)).toBe('README (3)');
    const taken = new Set(['a.txt', 'a (1).txt']);
    expect(firstFreeName('a.txt', (n) => taken.has(n))).toBe('a (2).txt');
    expect(firstFreeName('b.txt', (n) => taken.has(n))).toBe('b.txt');
  });
});
