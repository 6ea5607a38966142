import type { EmulatorRequest } from '../../server/request.js';
import type { GoogleAccount } from '../accounts.js';
import type { GoogleState } from '../state.js';

/** What a Drive handler works with: the shared state, the request and the caller's account. */
export interface DriveContext {
  readonly state: GoogleState;
  readonly request: EmulatorRequest;
  readonly account: GoogleAccount;
  /**
   * The parameters in force: the request's query, or for the last chunk of a resumable upload
   * the query of the request that opened the session (fields, supportsAllDrives, addParents).
   */
  readonly query: URLSearchParams;
}

/** A boolean query parameter (`true`/`false`, absent = the default). */
export function flag(query: URLSearchParams, name: string, fallback = false): boolean {
  const value = query.get(name);
  if (value === null) return fallback;
  return value.toLowerCase() === 'true';
}

/** True when the caller declared it can handle shared-drive items. */
export function supportsAllDrives(query: URLSearchParams): boolean {
  return flag(query, 'supportsAllDrives') || flag(query, 'supportsTeamDrives');
}
