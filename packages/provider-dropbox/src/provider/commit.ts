import type { FileEntry } from '@polydrive/core';
import { type ErrorContext, failureError, unionTags } from '../api/errors.js';
import { type DropboxMetadata, toFileEntry } from '../api/metadata.js';
import type { CommitEntry, CommitSink } from './commit-batcher.js';
import { type DropboxContext, seen } from './context.js';

/**
 * Commits a closed upload session through the batcher (or a reservation in it) and returns the
 * file; a failed entry becomes the PolydriveError its failure union means (a conflict under
 * ifMatch is PreconditionFailed).
 */
export async function commitSession(
  context: DropboxContext,
  entry: CommitEntry,
  errorContext: ErrorContext,
  signal: AbortSignal | undefined,
  sink: CommitSink = context.batcher,
): Promise<FileEntry> {
  const outcome = await sink.commit(entry, signal);
  if (!outcome.ok) {
    throw failureError(
      { status: 409, tags: unionTags(outcome.failure), error: outcome.failure },
      errorContext,
    );
  }
  return toFileEntry(seen(context, outcome.metadata as unknown as DropboxMetadata));
}
