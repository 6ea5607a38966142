import type { ErrorCode } from '@polydrive/core';
import { errnoCode, PolydriveError } from '@polydrive/core';

/** The provider type, as it appears in errors, upload states and the registry. */
export const PROVIDER_NAME = 'local';

/** Where an error happened: the SPI operation and the path or id it was about. */
export interface ErrorContext {
  readonly operation: string;
  readonly target?: string;
}

interface Mapping {
  readonly code: ErrorCode;
  readonly message: string;
  readonly advice?: string;
}

const PERMISSIONS_ADVICE =
  'Check the permissions of the folder on disk and of the user the program runs as.';

const MAPPINGS: Readonly<Record<string, Mapping>> = {
  ENOENT: { code: 'NotFound', message: 'No file or folder exists at this path on disk.' },
  EEXIST: { code: 'AlreadyExists', message: 'An item with this name already exists.' },
  ENOTEMPTY: { code: 'AlreadyExists', message: 'A folder with this name already exists.' },
  ENOTDIR: {
    code: 'NotAFolder',
    message: 'A part of the path is a file where a folder is expected.',
  },
  EISDIR: { code: 'NotAFile', message: 'The path names a folder where a file is expected.' },
  EACCES: { code: 'PermissionDenied', message: 'The operating system denied access (EACCES).' },
  EPERM: {
    code: 'PermissionDenied',
    message: 'The operating system does not permit this (EPERM).',
  },
  EROFS: {
    code: 'PermissionDenied',
    message: 'The file system is mounted read-only.',
    advice: 'Mount it read-write, or choose another root folder.',
  },
  ELOOP: {
    code: 'PermissionDenied',
    message: 'The path names a symbolic link, which the local provider does not follow.',
    advice: 'Address the real file or folder inside the root instead of the link.',
  },
  ENOSPC: {
    code: 'QuotaExceeded',
    message: 'The disk is full.',
    advice: 'Free up disk space, then try again.',
  },
  EDQUOT: {
    code: 'QuotaExceeded',
    message: "The user's disk quota is exceeded.",
    advice: 'Free up space or raise the disk quota, then try again.',
  },
  EFBIG: {
    code: 'QuotaExceeded',
    message: 'The file is larger than the file system allows.',
    advice: 'Store it on a file system that allows larger files.',
  },
  ENAMETOOLONG: {
    code: 'InvalidArgument',
    message: 'A name or the whole path is too long for the file system.',
    advice: 'Use shorter names or a shallower folder tree.',
  },
  EINVAL: { code: 'InvalidArgument', message: 'The file system refused the request as invalid.' },
  EXDEV: {
    code: 'Unsupported',
    message: "The target lies on another file system (a mount point inside the drive's root).",
    advice:
      'Keep the whole root on one file system: the local provider stages writes inside the root and renames them into place.',
  },
  EMFILE: {
    code: 'Transient',
    message: 'The process has too many open files.',
    advice: 'Retry once fewer operations are running, or raise the open-file limit (ulimit -n).',
  },
  ENFILE: {
    code: 'Transient',
    message: 'The system has too many open files.',
    advice: 'Retry once fewer operations are running.',
  },
  EBUSY: { code: 'Transient', message: 'The file or folder is busy.' },
  EAGAIN: { code: 'Transient', message: 'The file system asked to try again (EAGAIN).' },
  EIO: {
    code: 'Transient',
    message: 'The disk reported an input/output error.',
    advice: 'Retry; if it keeps failing, check the disk.',
  },
};

/**
 * Turns anything thrown while serving an SPI call into a PolydriveError with the provider,
 * operation and target filled in. File-system errors map by errno; unknown ones become Internal.
 */
export function toPolydriveError(err: unknown, ctx: ErrorContext): PolydriveError {
  const context = { provider: PROVIDER_NAME, operation: ctx.operation, target: ctx.target };
  if (err instanceof PolydriveError) return err.withContext(context);
  const errno = errnoCode(err);
  const mapping = errno === undefined ? undefined : MAPPINGS[errno];
  if (mapping === undefined || errno === undefined) {
    return new PolydriveError('Internal', {
      message: `Unexpected failure: ${err instanceof Error ? err.message : String(err)}.`,
      providerCode: errno,
      cause: err,
      ...context,
    });
  }
  const advice =
    mapping.advice ?? (mapping.code === 'PermissionDenied' ? PERMISSIONS_ADVICE : undefined);
  return new PolydriveError(mapping.code, {
    message: mapping.message,
    advice,
    providerCode: errno,
    cause: err,
    ...context,
  });
}

/** Runs one SPI operation, converting whatever it throws with `toPolydriveError`. */
export function guard<T>(ctx: ErrorContext, fn: () => Promise<T>): Promise<T> {
  const convert = (err: unknown): never => {
    throw toPolydriveError(err, ctx);
  };
  try {
    return fn().then(undefined, convert);
  } catch (err) {
    return Promise.reject(toPolydriveError(err, ctx));
  }
}
