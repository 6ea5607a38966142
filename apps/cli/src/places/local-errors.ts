import { isPolydriveError, PolydriveError } from '@polydrive/core';
import { errnoOf } from '../config/private-file.js';

/** Turns a Node file-system error about a local path into a PolydriveError that says what to do. */
export function localError(err: unknown, operation: string, target: string): PolydriveError {
  if (isPolydriveError(err)) return err;
  const errno = errnoOf(err);
  const context = { operation, target, cause: err };
  switch (errno) {
    case 'ENOENT':
      return new PolydriveError('NotFound', {
        message: `${target} does not exist.`,
        advice: 'Check the path.',
        ...context,
      });
    case 'EEXIST':
    case 'ENOTEMPTY':
      return new PolydriveError('AlreadyExists', {
        message: `${target} already exists.`,
        advice: 'Choose another name, or remove it first.',
        ...context,
      });
    case 'ENOTDIR':
      return new PolydriveError('NotAFolder', {
        message: `A part of ${target} is a file, not a folder.`,
        ...context,
      });
    case 'EISDIR':
      return new PolydriveError('NotAFile', { message: `${target} is a folder.`, ...context });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new PolydriveError('PermissionDenied', {
        message: `Permission denied on ${target} (${errno}).`,
        advice: 'Check the permissions of the file and its folder.',
        ...context,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new PolydriveError('QuotaExceeded', {
        message: `The disk is full writing ${target}.`,
        advice: 'Free up space and try again.',
        ...context,
      });
    default:
      return new PolydriveError('Internal', {
        message: `${operation} ${target} failed: ${err instanceof Error ? err.message : String(err)}`,
        advice: 'Check the file and the disk, then try again.',
        ...context,
      });
  }
}
