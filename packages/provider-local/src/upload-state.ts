import type { ConflictPolicy, UploadState, WriteOptions } from '@polydrive/core';
import { PolydriveError } from '@polydrive/core';
import { PROVIDER_NAME } from './fs-errors.js';
import { isByteCount } from './item-checks.js';

const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['fail', 'replace', 'rename'];

/** What the local provider keeps in `UploadState.session`. */
export interface LocalSession {
  /** The staging file's name inside the staging folder. */
  readonly file: string;
  readonly ifMatch?: string;
  /** ISO time to give the file, from the write's `modifiedAt`. */
  readonly modifiedAt?: string;
}

/** The `session` part of a new upload state. */
export function sessionOf(file: string, options: Pick<WriteOptions, 'ifMatch' | 'modifiedAt'>) {
  return {
    file,
    ...(options.ifMatch !== undefined ? { ifMatch: options.ifMatch } : {}),
    ...(options.modifiedAt !== undefined ? { modifiedAt: options.modifiedAt.toISOString() } : {}),
  };
}

/**
 * Checks an upload state that may come from JSON saved by another process, and returns its
 * session part. The staging file name is checked separately, by `Staging.uploadPath`.
 */
export function checkUploadState(state: UploadState): LocalSession {
  const { session } = state;
  const wellFormed =
    state.version === 1 &&
    state.provider === PROVIDER_NAME &&
    typeof state.destination === 'object' &&
    state.destination !== null &&
    typeof state.destination.name === 'string' &&
    CONFLICT_POLICIES.includes(state.conflict) &&
    isByteCount(state.offset) &&
    (state.size === null || isByteCount(state.size)) &&
    typeof session === 'object' &&
    session !== null &&
    typeof session.file === 'string' &&
    (session.ifMatch === undefined || typeof session.ifMatch === 'string') &&
    (session.modifiedAt === undefined ||
      (typeof session.modifiedAt === 'string' && !Number.isNaN(Date.parse(session.modifiedAt))));
  if (!wellFormed) {
    throw new PolydriveError('InvalidArgument', {
      message: 'This is not an upload state of the local provider, or it was altered.',
      advice: 'Pass the state exactly as createUploadSession or uploadChunk returned it.',
    });
  }
  return {
    file: session.file as string,
    ...(typeof session.ifMatch === 'string' ? { ifMatch: session.ifMatch } : {}),
    ...(typeof session.modifiedAt === 'string' ? { modifiedAt: session.modifiedAt } : {}),
  };
}
