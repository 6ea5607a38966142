import { randomToken } from '../../server/random.js';
import type { EmulatorRequest } from '../../server/request.js';
import type { EmulatorResponse } from '../../server/response.js';
import { GRAPH_HOST, UPLOAD_HOST } from '../hosts.js';
import type { MicrosoftState } from '../state.js';
import type { ItemAddress } from './address.js';
import type { GraphContext } from './context.js';
import { invalidRequest, itemNotFound } from './errors.js';
import { targetFolder } from './item-handlers.js';
import { assertNewName, chooseName, queryConflictBehavior, resolveItem } from './resolve.js';
import { graphEmpty, graphJson, readJsonObject } from './respond.js';
import { assertQuota } from './transfer-handlers.js';

const MONITOR_PATH = /^\/monitor\/([A-Za-z0-9_-]+)$/;
const MONITOR_LIFETIME_MS = 3600_000;

/**
 * `POST .../copy`: 202 with a monitor URL in Location. The copy is made at once; the monitor
 * reports `inProgress` for `copyInProgressPolls` polls before `completed` with the resourceId.
 */
export async function copyItem(
  context: GraphContext,
  address: ItemAddress,
): Promise<EmulatorResponse> {
  const { state, request, drive } = context;
  const body = await readJsonObject(request);
  const source = resolveItem(context, address);
  if (source.parentId === null) throw invalidRequest('The root folder cannot be copied.');
  const parent =
    body.parentReference === undefined
      ? drive.get(source.parentId)
      : targetFolder(context, body.parentReference);
  if (!parent) throw itemNotFound('The destination folder does not exist.');
  if (body.name !== undefined && typeof body.name !== 'string')
    throw invalidRequest('name must be a string.');
  const name = (body.name as string | undefined) ?? source.name;
  if (source.kind === 'folder' && drive.isWithin(parent, source)) {
    throw invalidRequest('A folder cannot be copied into itself or one of its subfolders.');
  }
  assertNewName(drive, parent, name, source.kind);
  const choice = chooseName(
    drive,
    parent,
    name,
    source.kind,
    queryConflictBehavior(context, 'fail'),
  );
  if (choice.existing && drive.isWithin(source, choice.existing)) {
    throw invalidRequest(
      'A copy cannot replace the item it is made from, or a folder containing it.',
    );
  }
  assertQuota(drive, drive.sizeOf(source), choice.existing);
  if (choice.existing) drive.remove(choice.existing);
  const copy = drive.copy(source, parent, choice.name);

  const now = state.now();
  for (const [id, monitor] of state.monitors) {
    if (monitor.createdAt + MONITOR_LIFETIME_MS <= now) state.monitors.delete(id);
  }
  const id = randomToken(18);
  state.monitors.set(id, {
    driveId: drive.id,
    resourceId: copy.id,
    pollsLeft: state.options.copyInProgressPolls,
    createdAt: now,
  });
  return graphEmpty(request, 202, { location: state.links.to(UPLOAD_HOST, `/monitor/${id}`) });
}

/** `GET https://api.onedrive.com/monitor/{id}`: the copy's progress; no auth needed. */
export function getMonitor(state: MicrosoftState, request: EmulatorRequest): EmulatorResponse {
  const id = MONITOR_PATH.exec(request.path)?.[1];
  const monitor = id === undefined ? undefined : state.monitors.get(id);
  if (!monitor || request.method !== 'GET') throw itemNotFound('The copy monitor was not found.');
  if (monitor.pollsLeft > 0) {
    monitor.pollsLeft -= 1;
    return graphJson(request, 202, {
      operation: 'ItemCopy',
      percentageComplete: 50.0,
      status: 'inProgress',
    });
  }
  const body = {
    operation: 'ItemCopy',
    percentageComplete: 100.0,
    resourceId: monitor.resourceId,
    status: 'completed',
  };
  const code = state.options.copyCompletedStatus;
  const headers: Record<string, string> =
    code === 303
      ? {
          location: state.links.to(
            GRAPH_HOST,
            `/v1.0/drives/${monitor.driveId}/items/${monitor.resourceId}`,
          ),
        }
      : {};
  return graphJson(request, code, body, headers);
}

/** True when `path` is a monitor URL path on the upload host. */
export function isMonitorPath(path: string): boolean {
  return MONITOR_PATH.test(path);
}
