import type { GoogleAccount } from '../accounts.js';
import type { GoogleState } from '../state.js';
import type { DriveFile, PermissionRole } from './file.js';

const RANK: Record<PermissionRole, number> = {
  owner: 6,
  organizer: 5,
  fileOrganizer: 4,
  writer: 3,
  commenter: 2,
  reader: 1,
};

/** The stronger of two roles. */
function stronger(a: PermissionRole | undefined, b: PermissionRole): PermissionRole {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

/**
 * The caller's role on a file: ownership in My Drive, membership of a shared drive, or the best
 * permission on the file or any folder above it (user, group by email, domain, anyone with the
 * link). Undefined means the file is invisible to the caller.
 */
export function roleOn(
  state: GoogleState,
  account: GoogleAccount,
  file: DriveFile,
): PermissionRole | undefined {
  let role: PermissionRole | undefined;
  if (file.driveId !== undefined) {
    const member = state.sharedDrives.get(file.driveId)?.members.get(account.id);
    if (member) role = member;
  } else if (file.ownerId === account.id) {
    return 'owner';
  }
  const now = state.now();
  const domain = account.email.slice(account.email.indexOf('@') + 1).toLowerCase();
  for (const holder of [file, ...state.files.ancestors(file)]) {
    for (const permission of holder.permissions) {
      if (permission.expirationTime !== undefined && permission.expirationTime <= now) continue;
      const applies =
        permission.type === 'anyone' ||
        (permission.type === 'domain' && permission.domain?.toLowerCase() === domain) ||
        ((permission.type === 'user' || permission.type === 'group') &&
          permission.emailAddress?.toLowerCase() === account.email.toLowerCase());
      if (applies) role = stronger(role, permission.role);
    }
  }
  return role;
}

/** Roles that may change content and metadata. */
export function canWrite(role: PermissionRole | undefined): boolean {
  return role !== undefined && RANK[role] >= RANK.writer;
}

/** Roles that may delete for good or empty the trash: the owner, or a shared drive's organisers. */
export function canDelete(file: DriveFile, role: PermissionRole | undefined): boolean {
  if (file.driveId === undefined) return role === 'owner';
  return role === 'organizer' || role === 'fileOrganizer';
}

/** Roles that may share. */
export function canShare(role: PermissionRole | undefined): boolean {
  return canWrite(role);
}
