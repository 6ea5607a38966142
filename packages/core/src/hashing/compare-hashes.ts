import type { Hashes, HashKind } from '../model/entry.js';

/** The first hash kind on which two sets of hashes disagree. */
export interface HashMismatch {
  readonly kind: HashKind;
  readonly expected: string;
  readonly actual: string;
}

/**
 * Kinds to verify by, best first. Provider-native hashes come first: a provider always reports its
 * own (OneDrive for Business reports only quickXor), while the generic ones may be missing.
 */
export const HASH_KIND_PREFERENCE: readonly HashKind[] = [
  'quickXor',
  'dropbox',
  'sha256',
  'sha1',
  'md5',
];

/** quickXor is base64, where case matters; every other kind is hex. */
function sameHash(kind: HashKind, a: string, b: string): boolean {
  return kind === 'quickXor' ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** The kinds both sides carry, in HASH_KIND_PREFERENCE order. Empty means nothing to compare. */
export function comparableHashKinds(a: Hashes, b: Hashes): HashKind[] {
  return HASH_KIND_PREFERENCE.filter((kind) => a[kind] !== undefined && b[kind] !== undefined);
}

/**
 * Compares the kinds both sides carry and returns the first mismatch, or undefined when they
 * agree. Also undefined when they share no kind: check comparableHashKinds when that matters.
 */
export function hashesMatch(expected: Hashes, actual: Hashes): HashMismatch | undefined {
  for (const kind of comparableHashKinds(expected, actual)) {
    const want = expected[kind] as string;
    const got = actual[kind] as string;
    if (!sameHash(kind, want, got)) return { kind, expected: want, actual: got };
  }
  return undefined;
}

/** The best kind to verify content by among those a provider reports, or undefined if none. */
export function preferredHashKind(kinds: readonly HashKind[]): HashKind | undefined {
  return HASH_KIND_PREFERENCE.find((kind) => kinds.includes(kind));
}
