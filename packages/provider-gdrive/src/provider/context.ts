import type { CallContext, DriveClient } from '../api/drive-client.js';
import { type DriveFileResource, FILE_FIELDS } from '../api/file-resource.js';
import { listFiles } from '../api/files-list.js';
import type { KnownNames } from './known-names.js';

/** The provider's registered name, used in errors and upload states. */
export const PROVIDER_NAME = 'gdrive';

/** What the provider's parts share. */
export interface GDriveContext {
  readonly client: DriveClient;
  /** `root` (My Drive's alias) or the selected shared drive's id, which is its root folder's. */
  readonly rootId: string;
  /** The selected shared drive, if any. */
  readonly driveId: string | undefined;
  /** Names known to be free in folders this provider created. */
  readonly names: KnownNames;
}

/** Every item of a query, page after page (Drive may return short pages), with these fields. */
export async function listAll(
  ctx: GDriveContext,
  q: string,
  call: CallContext,
  fields: string = FILE_FIELDS,
): Promise<DriveFileResource[]> {
  const out: DriveFileResource[] = [];
  let pageToken: string | undefined;
  do {
    const page = await listFiles(
      ctx.client,
      {
        q,
        pageSize: 1000,
        fields: `nextPageToken,files(${fields})`,
        driveId: ctx.driveId,
        pageToken,
      },
      call,
    );
    if (page.files) out.push(...page.files);
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  return out;
}

/** A file's resource by id. */
export async function getFile(
  ctx: GDriveContext,
  fileId: string,
  call: CallContext,
): Promise<DriveFileResource> {
  const { data } = await ctx.client.call(call, (options) =>
    ctx.client.api.files.get({ fileId, fields: FILE_FIELDS, supportsAllDrives: true }, options),
  );
  return data;
}
