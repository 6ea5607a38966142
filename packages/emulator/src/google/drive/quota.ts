import type { DriveFile } from '../files/file.js';
import type { GoogleState } from '../state.js';
import { storageQuotaExceeded } from './errors.js';

/**
 * 403 storageQuotaExceeded when `size` more bytes (less what `replacing` frees) do not fit in
 * the owner's quota. Shared drives have no per-user quota here.
 */
export function assertQuota(
  state: GoogleState,
  ownerId: string,
  driveId: string | undefined,
  size: number,
  replacing?: DriveFile,
): void {
  if (driveId !== undefined) return;
  const owner = state.accounts.find(ownerId);
  if (!owner) return;
  const freed = replacing?.blob?.size ?? 0;
  if (state.files.usage(ownerId).total + size - freed > owner.quotaBytes) {
    throw storageQuotaExceeded();
  }
}
