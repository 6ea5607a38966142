import { newRootId, type SharedDrive } from './accounts.js';
import type { SharedDriveRole } from './options.js';
import type { GoogleState } from './state.js';

/** Creates a shared drive and its root folder (which has the drive's id). */
export function createSharedDrive(
  state: GoogleState,
  name: string,
  members: ReadonlyMap<string, SharedDriveRole>,
): SharedDrive {
  if (![...members.values()].includes('organizer')) {
    throw new Error(`The shared drive '${name}' needs at least one organizer.`);
  }
  const id = newRootId();
  const drive: SharedDrive = { id, name, created: state.now(), members: new Map(members) };
  state.sharedDrives.set(id, drive);
  const [creator] = members.keys();
  state.files.createRoot(id, name, creator as string, id);
  return drive;
}
