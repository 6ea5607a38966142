import type { ErrorCode } from '@polydrive/core';
import { PolydriveError } from '@polydrive/core';

/**
 * The exit status for each class of failure, documented in the README. Scripts switch on these:
 * a usage mistake is fixed by editing the command, a missing item by checking the path, a sign-in
 * problem by `polydrive login`, a temporary one by running again later, a full drive by freeing
 * space; so each of those gets its own status.
 */
export const EXIT = {
  ok: 0,
  /** A bug or a failure Polydrive cannot classify (Internal, IntegrityError, anything unknown). */
  unexpected: 1,
  /** A bad command line, option, path, remote name or configuration (InvalidArgument, NotAFile, NotAFolder). */
  usage: 2,
  notFound: 3,
  /** The target exists or changed meanwhile (AlreadyExists, Conflict, PreconditionFailed). */
  conflict: 4,
  /** Not signed in, or not allowed (Unauthenticated, PermissionDenied). */
  auth: 5,
  /** Temporary: the retry layer gave up, running again later may work (RateLimited, Transient). */
  temporary: 6,
  unsupported: 7,
  /** The drive is full; retrying will not help (QuotaExceeded). */
  quota: 8,
  /** Interrupted with Ctrl-C (Cancelled): 128 + SIGINT, as shells report it. */
  cancelled: 130,
} as const;

const BY_CODE: Record<ErrorCode, number> = {
  NotFound: EXIT.notFound,
  AlreadyExists: EXIT.conflict,
  Conflict: EXIT.conflict,
  PreconditionFailed: EXIT.conflict,
  NotAFolder: EXIT.usage,
  NotAFile: EXIT.usage,
  InvalidArgument: EXIT.usage,
  PermissionDenied: EXIT.auth,
  Unauthenticated: EXIT.auth,
  RateLimited: EXIT.temporary,
  Transient: EXIT.temporary,
  QuotaExceeded: EXIT.quota,
  Unsupported: EXIT.unsupported,
  Cancelled: EXIT.cancelled,
  IntegrityError: EXIT.unexpected,
  Internal: EXIT.unexpected,
};

/** The exit status for an error thrown by a command. */
export function exitCodeFor(err: unknown): number {
  return err instanceof PolydriveError ? (BY_CODE[err.code] ?? EXIT.unexpected) : EXIT.unexpected;
}
