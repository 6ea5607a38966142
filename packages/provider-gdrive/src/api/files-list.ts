import type { CallContext, DriveClient } from './drive-client.js';
import type { DriveFileResource } from './file-resource.js';

/** The parameters of one `files.list` request (wire reference B.3). */
export interface FilesListParams {
  readonly q: string;
  /** The partial response, such as `nextPageToken,files(id,name)`. */
  readonly fields: string;
  readonly orderBy?: string;
  readonly pageSize?: number;
  readonly pageToken?: string;
  /** A shared drive to list in (`corpora=drive`); My Drive otherwise. */
  readonly driveId?: string;
}

/** One page of `files.list`. */
export interface FilesListPage {
  readonly files?: DriveFileResource[];
  readonly nextPageToken?: string;
}

/**
 * Sends one `files.list` with fetch rather than @googleapis/drive: the generated client spends
 * more per request (option merging, its query serializer, the body read as text) than a page of
 * a hundred entries costs to map. Errors are mapped as for every other call.
 */
export function listFiles(
  client: DriveClient,
  params: FilesListParams,
  call: CallContext,
): Promise<FilesListPage> {
  let query = `q=${encodeURIComponent(params.q)}&fields=${encodeURIComponent(params.fields)}&supportsAllDrives=true`;
  if (params.driveId !== undefined) {
    query += `&includeItemsFromAllDrives=true&corpora=drive&driveId=${encodeURIComponent(params.driveId)}`;
  }
  if (params.orderBy !== undefined) query += `&orderBy=${encodeURIComponent(params.orderBy)}`;
  if (params.pageSize !== undefined) query += `&pageSize=${params.pageSize}`;
  if (params.pageToken !== undefined) query += `&pageToken=${encodeURIComponent(params.pageToken)}`;
  return client.json<FilesListPage>({
    method: 'GET',
    url: `${client.apiBaseUrl}/drive/v3/files?${query}`,
    signal: call.signal,
    operation: call.operation,
    target: call.target,
  });
}
