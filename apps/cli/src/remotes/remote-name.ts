import { PolydriveError } from '@polydrive/core';

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** True when `name` (already lower-cased) is a valid remote name. */
export function isRemoteName(name: string): boolean {
  return NAME.test(name);
}

/**
 * Checks a remote name and returns it lower-cased: names are case-insensitive, so that
 * `POLYDRIVE_REMOTE_DISK` and `disk:/x` meet.
 */
export function checkRemoteName(name: string): string {
  const lower = name.toLowerCase();
  if (!isRemoteName(lower)) {
    throw new PolydriveError('InvalidArgument', {
      message: `${JSON.stringify(name)} is not a valid remote name.`,
      advice:
        'Use up to 64 letters, digits, _ and -, starting with a letter or digit (e.g. disk, work-onedrive).',
    });
  }
  return lower;
}
