import { canWrite, roleOn } from '../files/access.js';
import { type DriveFile, isFolder, type PermissionRole } from '../files/file.js';
import { type DriveContext, supportsAllDrives } from './context.js';
import { fileNotFound, insufficientPermissions, invalidValue } from './errors.js';

/** A file the caller may see, and their role on it. */
export interface VisibleFile {
  readonly file: DriveFile;
  readonly role: PermissionRole;
}

/** Resolves the `root` alias to the caller's My Drive root id. */
export function resolveAlias(context: DriveContext, id: string): string {
  return id === 'root' ? context.account.rootId : id;
}

/**
 * A file by id as the caller may see it: 404 when it does not exist, is invisible to them, or
 * lives in a shared drive and the request lacks `supportsAllDrives=true`; 403 when `write` is
 * asked and they may only read.
 */
export function requireFile(
  context: DriveContext,
  id: string,
  need: 'read' | 'write' = 'read',
): VisibleFile {
  const file = context.state.files.get(resolveAlias(context, id));
  const role = file ? roleOn(context.state, context.account, file) : undefined;
  if (!file || role === undefined) throw fileNotFound(id);
  if (file.driveId !== undefined && !supportsAllDrives(context.query)) throw fileNotFound(id);
  if (need === 'write' && !canWrite(role)) throw insufficientPermissions();
  return { file, role };
}

/** A folder new items may go into: 404 as above, 400 when it is not a folder, 403 when read-only. */
export function requireParent(context: DriveContext, id: string): DriveFile {
  const { file } = requireFile(context, id, 'read');
  if (!isFolder(file)) {
    throw invalidValue('The specified parent is not a folder.', 'parents');
  }
  if (!canWrite(roleOn(context.state, context.account, file))) throw insufficientPermissions();
  return file;
}
