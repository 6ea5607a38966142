import { isPolydriveError, PolydriveError } from '@polydrive/core';
import type { RemotePlace } from '../places/remote-place.js';
import type { Session } from '../session.js';
import { hasExpired, type StoredUpload } from '../state/upload-states.js';

/**
 * What became of the provider's session when its saved upload was discarded: `cancelled` now,
 * `ended` before (expired, or cancelled already), or `left` to expire on its own (`--no-cancel`).
 */
export type DiscardedSession = 'cancelled' | 'ended' | 'left';

function unreachable(destination: string, reason: string, remote: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `The upload to ${destination} cannot be cancelled: ${reason}.`,
    advice: `Define the remote ${remote} as it was to cancel its session, or forget the upload with --no-cancel (the provider ends the session when it expires).`,
  });
}

/** The remote the upload was going to, as it is defined now. */
async function destinationPlace(session: Session, destination: string): Promise<RemotePlace> {
  const parsed = session.parse(destination);
  const remote = parsed.kind === 'remote' ? parsed.remote : destination;
  if (parsed.kind !== 'remote' || !(await session.remotes()).has(remote)) {
    throw unreachable(destination, `the remote ${remote} no longer exists`, remote);
  }
  return session.remotePlace(destination, 'uploads discard');
}

async function cancelSession(
  session: Session,
  upload: StoredUpload,
): Promise<'cancelled' | 'ended'> {
  const { destination, state } = upload.saved;
  const place = await destinationPlace(session, destination);
  if (state.provider !== place.drive.name) {
    throw unreachable(
      destination,
      `the remote ${place.remote} is now a ${place.drive.name} remote, and the upload went to ${state.provider}`,
      place.remote,
    );
  }
  try {
    await place.guard(place.drive.abortUpload(state, { signal: session.signal }));
  } catch (err) {
    if (isPolydriveError(err, 'NotFound')) return 'ended';
    throw err;
  }
  // Providers accept the cancellation of a session that is gone already: only the date tells.
  return hasExpired(state) ? 'ended' : 'cancelled';
}

/**
 * Discards a saved upload: cancels its session at the provider through the Drive of the remote
 * it was going to (unless `cancel` is false), then forgets its state. A session the provider no
 * longer knows is forgotten all the same; any other failure keeps the state and is thrown, so
 * that the upload can still be resumed or discarded later.
 */
export async function discardUpload(
  session: Session,
  upload: StoredUpload,
  cancel: boolean,
): Promise<DiscardedSession> {
  const outcome = cancel ? await cancelSession(session, upload) : 'left';
  await session.uploads.remove(upload.saved.destination);
  return outcome;
}
