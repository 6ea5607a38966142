import type { EmulatorResponse } from '../../server/response.js';
import { roleOn } from '../files/access.js';
import { driveTime, renderFile } from '../files/render.js';
import type { ChangeRecord } from '../files/store.js';
import { type DriveContext, flag, supportsAllDrives } from './context.js';
import { DriveError, invalidValue, sharedDriveNotFound } from './errors.js';
import { DEFAULT_FILE_FIELDS, driveJson, pageSize, select } from './respond.js';

const DEFAULT_CHANGE_FIELDS = `kind,nextPageToken,newStartPageToken,changes(kind,type,changeType,time,removed,fileId,driveId,teamDriveId,file(${DEFAULT_FILE_FIELDS}))`;

/** `GET /drive/v3/changes/startPageToken`: the token for "changes from now on". */
export function startPageToken(context: DriveContext): EmulatorResponse {
  checkDrive(context);
  const body = {
    kind: 'drive#startPageToken',
    startPageToken: String(context.state.files.nextSeq),
  };
  return driveJson(200, select(context.query, 'StartPageToken', body, 'kind,startPageToken'));
}

/**
 * `GET /drive/v3/changes` (wire reference B.7): each changed file once (its latest state), in
 * the order of its last change; pages end with `nextPageToken` until the last, which carries
 * `newStartPageToken`. Trashing is an ordinary change; deletion is `removed: true`.
 */
export function listChanges(context: DriveContext): EmulatorResponse {
  const { state, query, account } = context;
  const driveId = checkDrive(context);
  const tokenText = query.get('pageToken');
  if (tokenText === null || tokenText === '') {
    throw new DriveError(400, 'required', 'Required parameter: pageToken', {
      location: 'pageToken',
      locationType: 'parameter',
    });
  }
  const from = Number(tokenText);
  if (!/^\d+$/.test(tokenText) || from < 1 || from > state.files.nextSeq) {
    throw invalidValue(`Invalid Value`, 'pageToken');
  }
  const includeRemoved = flag(query, 'includeRemoved', true);
  const myDriveOnly = flag(query, 'restrictToMyDrive');
  const allDrives =
    (flag(query, 'includeItemsFromAllDrives') || flag(query, 'includeTeamDriveItems')) &&
    supportsAllDrives(query);
  const visible = (record: ChangeRecord): boolean => {
    if (driveId !== undefined) return record.driveId === driveId;
    if (record.driveId !== undefined) {
      return (
        !myDriveOnly &&
        allDrives &&
        (state.sharedDrives.get(record.driveId)?.members.has(account.id) ?? false)
      );
    }
    const file = state.files.get(record.fileId);
    if (record.removed || !file) return record.ownerId === account.id;
    return file.parents.length > 0 && roleOn(state, account, file) !== undefined;
  };
  const latest = new Map<string, ChangeRecord>();
  for (const record of state.files.changes) {
    if (record.seq < from || !visible(record)) continue;
    latest.delete(record.fileId);
    latest.set(record.fileId, record);
  }
  const ordered = [...latest.values()].filter((record) => includeRemoved || !record.removed);
  const size = pageSize(context);
  const page = ordered.slice(0, size);
  const rest = ordered[size];
  const body: Record<string, unknown> = {
    kind: 'drive#changeList',
    changes: page.map((record) => {
      const file = record.removed ? undefined : state.files.get(record.fileId);
      return {
        kind: 'drive#change',
        type: 'file',
        changeType: 'file',
        time: driveTime(record.time),
        removed: file === undefined,
        fileId: record.fileId,
        ...(record.driveId !== undefined
          ? { driveId: record.driveId, teamDriveId: record.driveId }
          : {}),
        ...(file ? { file: renderFile(state, file, account) } : {}),
      };
    }),
  };
  if (rest) body.nextPageToken = String(rest.seq);
  else body.newStartPageToken = String(state.files.nextSeq);
  return driveJson(200, select(query, 'ChangeList', body, DEFAULT_CHANGE_FIELDS));
}

/** The shared drive a `driveId` parameter names, checked; undefined without one. */
function checkDrive(context: DriveContext): string | undefined {
  const driveId = context.query.get('driveId');
  if (driveId === null) return undefined;
  if (!supportsAllDrives(context.query)) {
    throw invalidValue('driveId needs supportsAllDrives=true.', 'supportsAllDrives');
  }
  if (!context.state.sharedDrives.get(driveId)?.members.has(context.account.id)) {
    throw sharedDriveNotFound(driveId);
  }
  return driveId;
}
