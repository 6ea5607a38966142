import { joinBytes } from '../../server/content.js';
import {
  type Blob,
  blobOf,
  type DriveFile,
  docKindOf,
  FOLDER_MIME,
  isFolder,
} from '../files/file.js';
import type { DriveContext } from './context.js';
import { badRequest, DriveError, invalidValue } from './errors.js';
import { requireFile, requireParent, resolveAlias } from './lookup.js';
import type { FileMetadata } from './metadata.js';
import { assertQuota } from './quota.js';

/** The content a new file or a new revision comes with. */
export interface NewContent {
  /** Uploaded bytes. */
  readonly bytes?: Buffer;
  /** Already hashed bytes (resumable sessions hash as chunks arrive). */
  readonly blob?: Blob;
  /** The media's Content-Type. */
  readonly contentType?: string;
}

/** The 403 Drive answers when a file would get more than one parent. */
export function cannotAddParent(): DriveError {
  return new DriveError(403, 'cannotAddParent', 'Increasing the number of parents is not allowed');
}

/**
 * Creates a file from metadata and optional content: a folder, a Google-native document (an
 * upload into a Docs type is imported as its text), or a binary file. The parent defaults to
 * My Drive's root; the caller's quota is checked for binary content.
 */
export function createFile(
  context: DriveContext,
  meta: FileMetadata,
  content: NewContent,
): DriveFile {
  const { state, account } = context;
  const parents = meta.parents ?? ['root'];
  if (parents.length > 1) throw cannotAddParent();
  const parent = requireParent(context, parents[0] ?? 'root');
  const mimeType = meta.mimeType ?? content.contentType ?? 'application/octet-stream';
  const uploaded = content.blob ?? (content.bytes ? blobOf(content.bytes) : undefined);
  const isDoc = docKindOf(mimeType) !== undefined;
  if (mimeType === FOLDER_MIME && uploaded) {
    throw badRequest('A folder cannot have content.');
  }
  const blob =
    mimeType === FOLDER_MIME || isDoc ? undefined : (uploaded ?? blobOf(Buffer.alloc(0)));
  if (blob) assertQuota(state, account.id, parent.driveId, blob.size);
  if (blob && blob.size > state.options.maxFileBytes) {
    throw new DriveError(403, 'maxFileSizeExceeded', 'The file is larger than Drive allows.');
  }
  const file = state.files.create({
    name: meta.name ?? 'Untitled',
    mimeType,
    parentId: parent.id,
    ownerId: account.id,
    ...(blob ? { blob } : {}),
    ...(isDoc ? { docText: uploaded ? joinBytes(uploaded).toString('utf8') : '' } : {}),
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    ...(meta.modifiedTime !== undefined ? { modified: meta.modifiedTime } : {}),
    ...(meta.starred !== undefined ? { starred: meta.starred } : {}),
    ...(meta.originalFilename !== undefined ? { originalFilename: meta.originalFilename } : {}),
    ...(meta.appProperties ? { appProperties: meta.appProperties } : {}),
    ...(meta.properties ? { properties: meta.properties } : {}),
  });
  if (meta.trashed) state.files.setTrashed(file, true, account.id);
  return file;
}

/**
 * Applies an update: metadata, new content, `addParents`/`removeParents` (a file keeps exactly
 * one parent; a folder cannot move into its own subtree) and trashing.
 */
export function updateFile(
  context: DriveContext,
  file: DriveFile,
  meta: FileMetadata,
  content: NewContent | undefined,
): void {
  const { state, account, query } = context;
  const add = idList(query.get('addParents')).map((id) => resolveAlias(context, id));
  const remove = idList(query.get('removeParents')).map((id) => resolveAlias(context, id));
  if (meta.mimeType !== undefined && meta.mimeType !== file.mimeType) {
    const kindChange =
      isFolder(file) ||
      meta.mimeType === FOLDER_MIME ||
      docKindOf(meta.mimeType) !== undefined ||
      docKindOf(file.mimeType) !== undefined;
    if (kindChange) throw badRequest('The emulator cannot convert a file between kinds on update.');
  }
  if (content && (isFolder(file) || docKindOf(file.mimeType) !== undefined)) {
    throw badRequest(
      'Only binary files take uploaded content; use the Docs APIs or files.create to import.',
    );
  }
  const nextParents = planParents(context, file, add, remove);
  const blob = content ? (content.blob ?? blobOf(content.bytes ?? Buffer.alloc(0))) : undefined;
  if (blob) assertQuota(state, file.ownerId, file.driveId, blob.size, file);

  if (nextParents && nextParents !== file.parents[0])
    state.files.move(file, nextParents, account.id);
  if (meta.name !== undefined) file.name = meta.name;
  if (meta.mimeType !== undefined) file.mimeType = meta.mimeType;
  else if (content?.contentType && blob) file.mimeType = content.contentType;
  if (meta.description !== undefined) file.description = meta.description;
  if (meta.starred !== undefined) file.starred = meta.starred;
  if (meta.originalFilename !== undefined) file.originalFilename = meta.originalFilename;
  if (meta.appProperties) Object.assign(file.appProperties, meta.appProperties);
  if (meta.properties) Object.assign(file.properties, meta.properties);
  if (blob) {
    state.files.setContent(file, blob, account.id);
    if (meta.modifiedTime !== undefined) file.modified = meta.modifiedTime;
  } else {
    state.files.touch(file, account.id, meta.modifiedTime);
  }
  if (meta.trashed !== undefined && meta.trashed !== file.trashed) {
    state.files.setTrashed(file, meta.trashed, account.id);
  }
}

/** The parent after addParents/removeParents, checked; undefined when unchanged. */
function planParents(
  context: DriveContext,
  file: DriveFile,
  add: string[],
  remove: string[],
): string | undefined {
  if (add.length === 0 && remove.length === 0) return undefined;
  const next = new Set(file.parents);
  for (const id of remove) next.delete(id);
  for (const id of add) next.add(id);
  if (next.size > 1) throw cannotAddParent();
  const [parentId] = next;
  if (parentId === undefined) {
    throw invalidValue('A file must keep exactly one parent folder.', 'removeParents');
  }
  if (parentId === file.parents[0]) return undefined;
  const parent = requireParent(context, parentId);
  if (context.state.files.isWithin(parent, file.id)) {
    throw invalidValue(
      'A folder cannot be moved into itself or one of its subfolders.',
      'addParents',
    );
  }
  if (isFolder(file) && parent.driveId !== file.driveId) {
    throw new DriveError(
      403,
      'teamDrivesFolderMoveInNotSupported',
      'Moving folders between My Drive and shared drives is not supported.',
    );
  }
  requireFile(context, file.id, 'write');
  return parent.id;
}

function idList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}
