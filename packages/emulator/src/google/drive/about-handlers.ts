import type { EmulatorResponse } from '../../server/response.js';
import type { SharedDrive } from '../accounts.js';
import { docMimeType, type GoogleDocKind } from '../files/file.js';
import { driveTime, renderUser } from '../files/render.js';
import { createSharedDrive } from '../shared-drives.js';
import type { DriveContext } from './context.js';
import { badRequest, DriveError, sharedDriveNotFound } from './errors.js';
import { EXPORT_FORMATS } from './export.js';
import { driveJson, readJsonObject, select } from './respond.js';

/** `GET /drive/v3/about`: the user, the quota and the export formats; `fields` is required. */
export function getAbout(context: DriveContext): EmulatorResponse {
  const { state, account, query } = context;
  const fields = query.get('fields');
  if (fields === null || fields.trim() === '') {
    throw new DriveError(400, 'required', "The 'fields' parameter is required for this method.", {
      location: 'fields',
      locationType: 'parameter',
    });
  }
  const usage = state.files.usage(account.id);
  const exportFormats: Record<string, readonly string[]> = {};
  for (const [kind, formats] of Object.entries(EXPORT_FORMATS)) {
    if (formats.length > 0) exportFormats[docMimeType(kind as GoogleDocKind)] = formats;
  }
  const body = {
    kind: 'drive#about',
    user: renderUser(state, account.id, account),
    storageQuota: {
      limit: String(account.quotaBytes),
      usage: String(usage.total),
      usageInDrive: String(usage.total),
      usageInDriveTrash: String(usage.trash),
    },
    exportFormats,
    importFormats: {
      'text/plain': [docMimeType('document')],
      'text/html': [docMimeType('document')],
      'text/csv': [docMimeType('spreadsheet')],
    },
    maxUploadSize: String(state.options.maxFileBytes),
    appInstalled: false,
    canCreateDrives: true,
    folderColorPalette: [],
  };
  return driveJson(200, select(query, 'About', body, fields));
}

/** `GET /drive/v3/drives`: the shared drives the caller is a member of. */
export function listDrives(context: DriveContext): EmulatorResponse {
  const { state, account } = context;
  const drives = [...state.sharedDrives.values()]
    .filter((drive) => drive.members.has(account.id))
    .map((drive) => renderDrive(context, drive));
  return driveJson(
    200,
    select(
      context.query,
      'DriveList',
      { kind: 'drive#driveList', drives },
      'kind,nextPageToken,drives(kind,id,name)',
    ),
  );
}

/** `GET /drive/v3/drives/{id}`. */
export function getDrive(context: DriveContext, driveId: string): EmulatorResponse {
  const drive = context.state.sharedDrives.get(driveId);
  if (!drive?.members.has(context.account.id)) throw sharedDriveNotFound(driveId);
  return driveJson(
    200,
    select(context.query, 'Drive', renderDrive(context, drive), 'kind,id,name'),
  );
}

/** `POST /drive/v3/drives?requestId=...`: a new shared drive with the caller as organizer. */
export async function createDrive(context: DriveContext): Promise<EmulatorResponse> {
  const { state, account, query } = context;
  const body = await readJsonObject(context.request);
  const requestId = query.get('requestId');
  if (requestId === null || requestId === '') {
    throw new DriveError(400, 'required', 'Required parameter: requestId', {
      location: 'requestId',
      locationType: 'parameter',
    });
  }
  if (state.driveRequests.has(requestId)) {
    throw new DriveError(
      409,
      'duplicate',
      'A shared drive was already created with this requestId.',
    );
  }
  if (typeof body.name !== 'string' || body.name.trim() === '')
    throw badRequest('A shared drive needs a name.');
  const drive = createSharedDrive(state, body.name, new Map([[account.id, 'organizer']]));
  state.driveRequests.set(requestId, drive.id);
  return driveJson(200, select(query, 'Drive', renderDrive(context, drive), 'kind,id,name'));
}

function renderDrive(context: DriveContext, drive: SharedDrive): Record<string, unknown> {
  const role = drive.members.get(context.account.id);
  const organizer = role === 'organizer';
  return {
    kind: 'drive#drive',
    id: drive.id,
    name: drive.name,
    createdTime: driveTime(drive.created),
    hidden: false,
    capabilities: {
      canAddChildren: role !== 'reader' && role !== 'commenter',
      canManageMembers: organizer,
      canRenameDrive: organizer,
      canDeleteDrive: organizer,
      canShare: organizer || role === 'fileOrganizer',
    },
  };
}
