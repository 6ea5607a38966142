import type { EmulatorResponse } from '../../server/response.js';
import { emptyResponse } from '../../server/response.js';
import { canDelete, roleOn } from '../files/access.js';
import { isFolder } from '../files/file.js';
import type { DriveContext } from './context.js';
import { DriveError, insufficientPermissions, sharedDriveNotFound } from './errors.js';
import { cannotAddParent, createFile, updateFile } from './file-writes.js';
import { requireFile, requireParent } from './lookup.js';
import { downloadMedia } from './media-handlers.js';
import { parseMetadata } from './metadata.js';
import { assertQuota } from './quota.js';
import { fileResponse, readJsonObject } from './respond.js';

/** `GET /drive/v3/files/{id}`: the resource, or its bytes with `alt=media`. */
export function getFile(context: DriveContext, fileId: string): EmulatorResponse {
  const { file } = requireFile(context, fileId);
  const alt = context.query.get('alt');
  if (alt === 'media') return downloadMedia(context, file);
  if (alt !== null && alt !== 'json') {
    throw new DriveError(400, 'invalid', `Invalid value for alt: ${alt}`, {
      location: 'alt',
      locationType: 'parameter',
    });
  }
  return fileResponse(context, file);
}

/** `POST /drive/v3/files`: a file from metadata only (a folder, a Google doc, an empty file). */
export async function createFromMetadata(context: DriveContext): Promise<EmulatorResponse> {
  const meta = parseMetadata(await readJsonObject(context.request), true);
  return fileResponse(context, createFile(context, meta, {}));
}

/** `PATCH /drive/v3/files/{id}`: metadata, addParents/removeParents, trash. */
export async function patchFile(context: DriveContext, fileId: string): Promise<EmulatorResponse> {
  const body = await readJsonObject(context.request);
  const { file } = requireFile(context, fileId, 'write');
  updateFile(context, file, parseMetadata(body, false), undefined);
  return fileResponse(context, file);
}

/** `POST /drive/v3/files/{id}/copy`: a new file with the same content; folders cannot be copied. */
export async function copyFile(context: DriveContext, fileId: string): Promise<EmulatorResponse> {
  const { state, account } = context;
  const meta = parseMetadata(await readJsonObject(context.request), true);
  const { file } = requireFile(context, fileId);
  if (isFolder(file)) {
    throw new DriveError(403, 'cannotCopyFile', 'This file cannot be copied by the user.');
  }
  const parents = meta.parents ?? [...file.parents];
  if (parents.length > 1) throw cannotAddParent();
  const parent = requireParent(context, parents[0] ?? 'root');
  if (file.blob) assertQuota(state, account.id, parent.driveId, file.blob.size);
  const copy = state.files.create({
    name: meta.name ?? `Copy of ${file.name}`,
    mimeType: meta.mimeType ?? file.mimeType,
    parentId: parent.id,
    ownerId: account.id,
    ...(file.blob ? { blob: file.blob } : {}),
    ...(file.docText !== undefined ? { docText: file.docText } : {}),
    ...((meta.description ?? file.description) !== undefined
      ? { description: (meta.description ?? file.description) as string }
      : {}),
    ...(meta.modifiedTime !== undefined ? { modified: meta.modifiedTime } : {}),
    ...(meta.starred !== undefined ? { starred: meta.starred } : {}),
    appProperties: { ...file.appProperties, ...meta.appProperties },
    properties: { ...file.properties, ...meta.properties },
  });
  return fileResponse(context, copy);
}

/** `DELETE /drive/v3/files/{id}`: deletes for good (a folder with everything in it); 204. */
export function deleteFile(context: DriveContext, fileId: string): EmulatorResponse {
  const { file, role } = requireFile(context, fileId);
  if (file.parents.length === 0 || !canDelete(file, role)) throw insufficientPermissions();
  context.state.files.remove(file);
  return emptyResponse(204);
}

/** `DELETE /drive/v3/files/trash`: empties My Drive's trash, or a shared drive's with `driveId`. */
export function emptyTrash(context: DriveContext): EmulatorResponse {
  const { state, account, query } = context;
  const driveId = query.get('driveId');
  if (driveId !== null) {
    const role = state.sharedDrives.get(driveId)?.members.get(account.id);
    if (role === undefined) throw sharedDriveNotFound(driveId);
    if (role !== 'organizer') throw insufficientPermissions();
  }
  const doomed = [...state.files.all()].filter(
    (file) =>
      file.explicitlyTrashed &&
      (driveId === null
        ? file.driveId === undefined && file.ownerId === account.id
        : file.driveId === driveId) &&
      canDelete(file, roleOn(state, account, file)),
  );
  for (const file of doomed) if (state.files.get(file.id)) state.files.remove(file);
  return emptyResponse(204);
}
