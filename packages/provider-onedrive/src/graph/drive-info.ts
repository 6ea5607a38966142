import type { DriveInfo } from '@polydrive/core';

/** The parts of a Graph drive resource this provider reads. */
export interface GraphDrive {
  readonly id: string;
  readonly name?: string;
  readonly driveType?: string;
  readonly owner?: {
    readonly user?: GraphOwner;
    readonly group?: GraphOwner;
  };
  readonly quota?: {
    readonly total?: number;
    readonly used?: number;
    readonly remaining?: number;
    readonly deleted?: number;
  };
}

interface GraphOwner {
  readonly id?: string;
  readonly displayName?: string;
  readonly email?: string;
}

/** Maps a Graph drive to DriveInfo; the recycle bin's size is the quota's `trashed`. */
export function toDriveInfo(drive: GraphDrive): DriveInfo {
  const owner = drive.owner?.user ?? drive.owner?.group;
  const quota = drive.quota;
  return {
    id: drive.id,
    ...(drive.name !== undefined ? { name: drive.name } : {}),
    ...(drive.driveType !== undefined ? { driveType: drive.driveType } : {}),
    ...(owner
      ? {
          owner: {
            ...(owner.id !== undefined ? { id: owner.id } : {}),
            ...(owner.displayName !== undefined ? { name: owner.displayName } : {}),
            ...(owner.email !== undefined ? { email: owner.email } : {}),
          },
        }
      : {}),
    ...(quota
      ? {
          quota: {
            ...(quota.total !== undefined ? { total: quota.total } : {}),
            ...(quota.used !== undefined ? { used: quota.used } : {}),
            ...(quota.remaining !== undefined ? { remaining: quota.remaining } : {}),
            ...(quota.deleted !== undefined ? { trashed: quota.deleted } : {}),
          },
        }
      : {}),
    raw: drive,
  };
}
