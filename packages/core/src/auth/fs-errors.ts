import { errnoCode } from '../errors/errno.js';
import { PolydriveError } from '../errors/polydrive-error.js';

/** Turns a file-system failure on the token store into a PolydriveError naming the file. */
export function tokenFileError(err: unknown, action: string, path: string): PolydriveError {
  if (err instanceof PolydriveError) return err;
  const code = errnoCode(err);
  const what = `Could not ${action} ${path}`;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new PolydriveError('PermissionDenied', {
      message: `${what}: permission denied (${code}).`,
      advice:
        'Give the current user read and write access to that folder, or point the token store elsewhere.',
      cause: err,
    });
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new PolydriveError('QuotaExceeded', {
      message: `${what}: the disk is full (${code}).`,
      advice: 'Free up disk space and try again.',
      cause: err,
    });
  }
  return new PolydriveError('Internal', {
    message: `${what}${code ? ` (${code})` : ''}.`,
    advice: 'Check that the folder exists and is a local, writable file system, then try again.',
    cause: err,
  });
}
