import { setTimeout as sleep } from 'node:timers/promises';
import type { EmulatorRequest } from '../server/request.js';
import type { DropboxAccount } from './accounts.js';
import { rateLimited } from './errors.js';
import type { DropboxState } from './state.js';

/** What a route handler gets: the shared state, the request, the route name and the caller. */
export interface RouteContext {
  readonly state: DropboxState;
  readonly request: EmulatorRequest;
  /** e.g. `files/list_folder`. */
  readonly route: string;
  readonly account: DropboxAccount;
}

/**
 * Runs a commit under the namespace's write lock. The lock is held for `writeLockMs` (the time a
 * real commit takes), so a commit arriving meanwhile is refused with 429
 * `too_many_write_operations`, as Dropbox does when writes to one namespace overlap.
 */
export async function withWriteLock<T>(context: RouteContext, commit: () => T): Promise<T> {
  const { namespace } = context.account;
  const { writeLockMs, writeLockRetryAfterSeconds } = context.state.options;
  if (!namespace.tryLock())
    throw rateLimited('too_many_write_operations', writeLockRetryAfterSeconds);
  try {
    if (writeLockMs > 0) await sleep(writeLockMs);
    return commit();
  } finally {
    namespace.unlock();
  }
}
