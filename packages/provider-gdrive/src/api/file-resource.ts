import type { drive_v3 } from '@googleapis/drive';
import type { Entry, FileEntry, FolderEntry, Hashes } from '@polydrive/core';
import { parseIsoTime } from '@polydrive/core';

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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** How `toEntry` maps a file: with the Drive payload as `raw`, or as the drive's root folder. */
export interface EntryOptions {
  readonly raw?: boolean;
  readonly root?: boolean;
}

const DEFAULT_OPTIONS: EntryOptions = {};

/**
 * Maps a Drive file to a Polydrive entry (`root` for the drive's root folder, whose name is '').
 * The etag is Drive's `version`, which grows with every change. Google-native documents have
 * size 0, no hashes and list their `exportFormats`. The entry is built by assignment: spreading
 * optional parts costs about ten times more, which adds up in listings of thousands of files.
 */
export function toEntry(file: DriveFileResource, options: EntryOptions = DEFAULT_OPTIONS): Entry {
  const id = file.id ?? '';
  const name = options.root ? '' : (file.name ?? '');
  let entry: Mutable<FileEntry> | Mutable<FolderEntry>;
  if (isFolderResource(file)) {
    const folder: Mutable<FolderEntry> = { kind: 'folder', id, name };
    if (options.root) folder.isRoot = true;
    entry = folder;
  } else {
    const doc = isGoogleDoc(file);
    const hashes: Hashes = {};
    if (!doc) {
      if (file.md5Checksum) hashes.md5 = file.md5Checksum;
      if (file.sha1Checksum) hashes.sha1 = file.sha1Checksum;
      if (file.sha256Checksum) hashes.sha256 = file.sha256Checksum;
    }
    const entryFile: Mutable<FileEntry> = {
      kind: 'file',
      id,
      name,
      size: doc ? 0 : Number(file.size ?? 0),
      hashes,
    };
    if (file.mimeType) entryFile.mimeType = file.mimeType;
    if (doc) entryFile.exportFormats = Object.keys(file.exportLinks ?? {});
    entry = entryFile;
  }
  const parentId = file.parents?.[0];
  if (parentId !== undefined) entry.parentId = parentId;
  if (file.driveId) entry.driveId = file.driveId;
  const createdAt = parseIsoTime(file.createdTime);
  if (createdAt) entry.createdAt = createdAt;
  const modifiedAt = parseIsoTime(file.modifiedTime);
  if (modifiedAt) entry.modifiedAt = modifiedAt;
  if (file.version) entry.etag = file.version;
  if (file.webViewLink) entry.webUrl = file.webViewLink;
  if (options.raw) entry.raw = file;
  return entry;
}
