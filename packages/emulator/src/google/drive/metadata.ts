import { SHORTCUT_MIME } from '../files/file.js';
import { badRequest, DriveError, invalidValue } from './errors.js';

/** The parts of a File body the emulator applies on create, update, copy and upload. */
export interface FileMetadata {
  name?: string;
  mimeType?: string;
  description?: string;
  starred?: boolean;
  trashed?: boolean;
  modifiedTime?: number;
  originalFilename?: string;
  appProperties?: Record<string, string>;
  properties?: Record<string, string>;
  parents?: string[];
}

/** Writable File fields the emulator does not model: refused rather than ignored. */
const UNMODELLED = new Set([
  'contentHints',
  'contentRestrictions',
  'copyRequiresWriterPermission',
  'downloadRestrictions',
  'folderColorRgb',
  'inheritedPermissionsDisabled',
  'labelInfo',
  'shortcutDetails',
  'viewedByMeTime',
  'viewersCanCopyContent',
  'writersCanShare',
]);

/** Read-only File fields: Drive answers 403 fieldNotWritable when a body sets them. */
const READ_ONLY = new Set([
  'capabilities',
  'createdTime',
  'driveId',
  'explicitlyTrashed',
  'exportLinks',
  'fileExtension',
  'fullFileExtension',
  'hasThumbnail',
  'headRevisionId',
  'iconLink',
  'md5Checksum',
  'modifiedByMe',
  'modifiedByMeTime',
  'ownedByMe',
  'owners',
  'permissionIds',
  'permissions',
  'quotaBytesUsed',
  'sha1Checksum',
  'sha256Checksum',
  'shared',
  'size',
  'spaces',
  'teamDriveId',
  'thumbnailLink',
  'thumbnailVersion',
  'trashedTime',
  'trashingUser',
  'version',
  'webContentLink',
  'webViewLink',
  'lastModifyingUser',
  'sharingUser',
]);

/**
 * Reads a File body. `parents` is allowed only where Drive takes it (create, copy, upload); in
 * updates Drive wants addParents/removeParents and answers 403 fieldNotWritable.
 */
export function parseMetadata(body: Record<string, unknown>, allowParents: boolean): FileMetadata {
  const out: FileMetadata = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    switch (key) {
      case 'kind':
      case 'id':
        break;
      case 'name':
      case 'mimeType':
      case 'description':
      case 'originalFilename':
        if (typeof value !== 'string') throw badRequest(`${key} must be a string.`);
        out[key] = value;
        break;
      case 'starred':
      case 'trashed':
        if (typeof value !== 'boolean') throw badRequest(`${key} must be true or false.`);
        out[key] = value;
        break;
      case 'modifiedTime': {
        const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(time))
          throw invalidValue(`Invalid value for modifiedTime: ${String(value)}`, 'modifiedTime');
        out.modifiedTime = time;
        break;
      }
      case 'appProperties':
      case 'properties':
        out[key] = stringMap(key, value);
        break;
      case 'parents':
        if (!allowParents) {
          throw new DriveError(
            403,
            'fieldNotWritable',
            'The parents field is not directly writable in update requests. Use the addParents and removeParents parameters instead.',
          );
        }
        if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) {
          throw badRequest('parents must be a list of folder ids.');
        }
        out.parents = value as string[];
        break;
      default:
        if (READ_ONLY.has(key)) {
          throw new DriveError(
            403,
            'fieldNotWritable',
            'The resource body includes fields which are not directly writable.',
          );
        }
        if (UNMODELLED.has(key)) {
          throw badRequest(`The emulator does not model the File field '${key}'.`);
        }
        throw badRequest(`Invalid field '${key}' in the File resource.`);
    }
  }
  if (out.mimeType === SHORTCUT_MIME) {
    throw badRequest('The emulator does not model shortcuts.');
  }
  return out;
}

function stringMap(key: string, value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`${key} must be an object of strings.`);
  }
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw badRequest(`${key}.${name} must be a string.`);
    out[name] = entry;
  }
  return out;
}
