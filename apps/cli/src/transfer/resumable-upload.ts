import {
  type Drive,
  type DriveWriteOptions,
  type FileEntry,
  isPolydriveError,
  type UploadState,
} from '@polydrive/core';
import { withHint } from '../errors/hints.js';
import type { CopySource, WriteResult } from '../places/place.js';
import type { UploadStates } from '../state/upload-states.js';

/** What an upload needs besides the drive, path and source. */
export interface UploadContext {
  readonly states: UploadStates;
  readonly signal: AbortSignal;
  /** Tells the user what happens (resuming, starting over). */
  readonly note: (text: string) => void;
  readonly chunkSize?: number;
}

/**
 * Uploads a file to `path` on `drive`. An upload of more than one chunk runs in a resumable
 * session whose state is saved after every chunk; if the same upload (same destination, same
 * source identity) was interrupted before, it resumes where the provider stopped, after core has
 * checked the source's first bytes against the saved hash. A changed source starts over.
 */
export async function uploadFile(
  drive: Drive,
  path: string,
  destination: string,
  source: CopySource,
  context: UploadContext,
): Promise<WriteResult> {
  const { states, signal, chunkSize } = context;
  const caps = drive.capabilities;
  const base: DriveWriteOptions = {
    conflict: 'replace',
    size: source.size,
    signal,
    ...(chunkSize !== undefined ? { chunkSize } : {}),
  };
  if (!caps.uploadSession || source.size <= (chunkSize ?? caps.chunkDefaultSize)) {
    return { entry: await drive.write(path, await source.open(), base) };
  }
  let offset = 0;
  const save = async (state: UploadState) => {
    offset = state.offset;
    await states.save({ version: 1, destination, source: source.identity, state });
  };
  const resumable = (err: unknown) =>
    withHint(
      err,
      `The upload can continue: run the same command again to resume at byte ${offset}, or cancel it with: polydrive uploads discard ${states.idOf(destination)}`,
    );

  const saved = await states.load(destination);
  if (saved) {
    const restart = startOverReason(saved.state, saved.source, source, drive);
    if (restart) {
      context.note(`${restart}; starting the upload to ${destination} over.`);
      await discard(drive, saved.state, states, destination);
    } else {
      offset = saved.state.offset;
      context.note(`Resuming the interrupted upload to ${destination} at byte ${offset}.`);
      try {
        const entry = await drive.resumeUpload(saved.state, await source.open(), {
          keepSession: true,
          onState: save,
          signal,
        });
        await states.remove(destination);
        return { entry, resumedFrom: saved.state.offset };
      } catch (err) {
        if (!isPolydriveError(err, 'PreconditionFailed', 'NotFound')) throw resumable(err);
        context.note(`The upload cannot resume (${err.summary}); starting over.`);
        await discard(drive, saved.state, states, destination);
        offset = 0;
      }
    }
  }
  let entry: FileEntry;
  try {
    entry = await drive.write(path, await source.open(), {
      ...base,
      mode: 'session',
      keepSession: true,
      onState: save,
    });
  } catch (err) {
    throw (await states.load(destination)) ? resumable(err) : err;
  }
  await states.remove(destination);
  return { entry };
}

function startOverReason(
  state: UploadState,
  savedSource: string,
  source: CopySource,
  drive: Drive,
): string | undefined {
  if (savedSource !== source.identity) return 'The source changed since the upload was interrupted';
  if (state.provider !== drive.name) return 'The remote now names another provider';
  return undefined;
}

async function discard(
  drive: Drive,
  state: UploadState,
  states: UploadStates,
  destination: string,
): Promise<void> {
  // Best effort: the session may be gone already, and a stale one expires on its own.
  await drive.abortUpload(state).catch(() => undefined);
  await states.remove(destination);
}
