import type { drive_v3 } from '@googleapis/drive';
import type { Entry, FileEntry, FolderEntry, Hashes } from '@polydrive/core';

/** The Drive file resource. */
export type DriveFileResource = drive_v3.Schema$File;

/** The folder MIME type. */
export const FOLDER_MIME = 'application/vnd.google-apps.folder';

/** Prefix of Google Workspace types (Docs, Sheets, Slides ...): no bytes, only exports. */
export const GOOGLE_APPS_PREFIX = 'application/vnd.google-apps.';

/** The fields of a file this provider asks for. */
export const FILE_FIELDS =
  'id,name,mimeType,parents,size,md5Checksum,sha1Checksum,sha256Checksum,createdTime,modifiedTime,version,trashed,webViewLink,driveId,exportLinks';

/** True for folders. */
export function isFolderResource(file: DriveFileResource): boolean {
  return file.mimeType === FOLDER_MIME;
}

/** True for Google-native documents, which can only be exported. */
export function isGoogleDoc(file: DriveFileResource): boolean {
  return (file.mimeType ?? '').startsWith(GOOGLE_APPS_PREFIX) && !isFolderResource(file);
}

function date(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/**
 * Maps a Drive file to a Polydrive entry (`root` for the drive's root folder, whose name is '').
 * The etag is Drive's `version`, which grows with every change. Google-native documents have size 0, no hashes and list their `exportFormats`.
 */
export function toEntry(
  file: DriveFileResource,
  options: { raw?: boolean; root?: boolean } = {},
): Entry {
  const parentId = file.parents?.[0];
  const createdAt = date(file.createdTime);
  const modifiedAt = date(file.modifiedTime);
  const base = {
    id: file.id ?? '',
    name: options.root ? '' : (file.name ?? ''),
    ...(parentId !== undefined ? { parentId } : {}),
    ...(file.driveId ? { driveId: file.driveId } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(modifiedAt ? { modifiedAt } : {}),
    ...(file.version ? { etag: file.version } : {}),
    ...(file.webViewLink ? { webUrl: file.webViewLink } : {}),
    ...(options.raw ? { raw: file } : {}),
  };
  if (isFolderResource(file)) {
    const folder: FolderEntry = {
      ...base,
      kind: 'folder',
      ...(options.root ? { isRoot: true } : {}),
    };
    return folder;
  }
  if (isGoogleDoc(file)) {
    const doc: FileEntry = {
      ...base,
      kind: 'file',
      size: 0,
      ...(file.mimeType ? { mimeType: file.mimeType } : {}),
      hashes: {},
      exportFormats: Object.keys(file.exportLinks ?? {}),
    };
    return doc;
  }
  const hashes: Hashes = {
    ...(file.md5Checksum ? { md5: file.md5Checksum } : {}),
    ...(file.sha1Checksum ? { sha1: file.sha1Checksum } : {}),
    ...(file.sha256Checksum ? { sha256: file.sha256Checksum } : {}),
  };
  const entry: FileEntry = {
    ...base,
    kind: 'file',
    size: Number(file.size ?? 0),
    ...(file.mimeType ? { mimeType: file.mimeType } : {}),
    hashes,
  };
  return entry;
}
