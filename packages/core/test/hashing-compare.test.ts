import { describe, expect, it } from 'vitest';
import {
  comparableHashKinds,
  HASH_KIND_PREFERENCE,
  HASH_KINDS,
  hashesMatch,
  preferredHashKind,
} from '../src/hashing/index.js';

const SHA1 = 'a9993e364706816aba3e25717850c26c9cd0d89d';
const OTHER_SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const QUICK_XOR = 'aCgDG9jwBhDc4Q1yawMZAAAAAAA=';

describe('hashesMatch', () => {
  it('is undefined when every shared kind agrees', () => {
    expect(
      hashesMatch({ sha1: SHA1, quickXor: QUICK_XOR }, { sha1: SHA1, quickXor: QUICK_XOR }),
    ).toBe(undefined);
  });

  it('compares hex case-insensitively', () => {
    expect(hashesMatch({ sha1: SHA1.toUpperCase() }, { sha1: SHA1 })).toBe(undefined);
  });

  it('compares quickXor base64 case-sensitively', () => {
    const flipped = QUICK_XOR.toLowerCase();
    expect(hashesMatch({ quickXor: QUICK_XOR }, { quickXor: flipped })).toEqual({
      kind: 'quickXor',
      expected: QUICK_XOR,
      actual: flipped,
    });
  });

  it('reports a mismatch with both values as given', () => {
    expect(hashesMatch({ sha1: SHA1, md5: 'x' }, { sha1: OTHER_SHA1 })).toEqual({
      kind: 'sha1',
      expected: SHA1,
      actual: OTHER_SHA1,
    });
  });

  it('ignores kinds only one side has', () => {
    expect(hashesMatch({ sha1: SHA1, md5: 'aaaa' }, { sha1: SHA1, sha256: 'bbbb' })).toBe(
      undefined,
    );
  });

  it('reports the preferred kind first when several disagree', () => {
    const mismatch = hashesMatch(
      { md5: 'aa', sha256: 'bb', sha1: 'cc' },
      { md5: 'a1', sha256: 'b1', sha1: 'c1' },
    );
    expect(mismatch?.kind).toBe('sha256');
  });

  it('finds a mismatch in a later kind when earlier ones agree', () => {
    expect(hashesMatch({ sha256: 'AB', md5: 'cd' }, { sha256: 'ab', md5: 'ce' })?.kind).toBe('md5');
  });
});

describe('comparableHashKinds', () => {
  it('lists the kinds both sides carry, best first', () => {
    expect(
      comparableHashKinds(
        { md5: '1', sha1: '2', quickXor: '3', dropbox: '4' },
        { sha1: '5', md5: '6', quickXor: '7' },
      ),
    ).toEqual(['quickXor', 'sha1', 'md5']);
  });

  it('is empty when nothing can be compared', () => {
    expect(comparableHashKinds({ sha1: SHA1 }, { dropbox: 'ab' })).toEqual([]);
    expect(comparableHashKinds({}, {})).toEqual([]);
  });
});

describe('preferredHashKind', () => {
  it('prefers provider-native hashes, then the strongest generic one', () => {
    expect(preferredHashKind(['sha1', 'sha256', 'quickXor'])).toBe('quickXor');
    expect(preferredHashKind(['dropbox'])).toBe('dropbox');
    expect(preferredHashKind(['md5', 'sha1'])).toBe('sha1');
    expect(preferredHashKind(['md5', 'sha256', 'sha1'])).toBe('sha256');
    expect(preferredHashKind(['md5'])).toBe('md5');
  });

  it('is undefined for a provider that reports no hashes', () => {
    expect(preferredHashKind([])).toBe(undefined);
  });

  it('ranks every kind exactly once', () => {
    expect([...HASH_KIND_PREFERENCE].sort()).toEqual([...HASH_KINDS].sort());
  });
});
