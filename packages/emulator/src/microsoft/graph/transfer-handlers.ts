import { contentResponse, parseByteRange, unsatisfiedRange } from '../../server/byte-range.js';
import type { EmulatorRequest } from '../../server/request.js';
import type { EmulatorResponse } from '../../server/response.js';
import type { MicrosoftState } from '../state.js';
import type { ItemAddress } from './address.js';
import { fileContent } from './content.js';
import type { GraphContext } from './context.js';
import type { Drive, Item } from './drive.js';
import { GraphError, invalidRequest, itemNotFound, nameAlreadyExists } from './errors.js';
import { eTag, renderItem } from './render.js';
import {
  assertNewName,
  checkIfMatch,
  chooseName,
  queryConflictBehavior,
  resolveItem,
  resolveWriteTarget,
} from './resolve.js';
import { graphEmpty, graphJson } from './respond.js';

/** `GET .../content`: 302 to the item's pre-authenticated download URL. */
export function redirectToContent(context: GraphContext, address: ItemAddress): EmulatorResponse {
  const item = resolveItem(context, address);
  if (item.kind !== 'file')
    throw invalidRequest(`'${item.name}' is a folder; only files have content.`);
  const url = renderItem(context, item)['@microsoft.graph.downloadUrl'] as string;
  return graphEmpty(context.request, 302, { location: url });
}

/**
 * `PUT .../content`: a simple upload, by id (replace) or by path under a parent, with
 * `@microsoft.graph.conflictBehavior` (default replace) and If-Match. 201 new, 200 replaced.
 */
export async function uploadSimple(
  context: GraphContext,
  address: ItemAddress,
): Promise<EmulatorResponse> {
  const { request, drive } = context;
  const limit = context.state.options.maxSimpleUploadBytes;
  const declared = Number(request.header('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  // The body is read before anything is resolved so that the changes below happen in one go.
  const bytes = await request.body(limit);
  const target = resolveWriteTarget(context, address);
  const content = fileContent(bytes, context.account.hashes);
  if (target.kind === 'existing') {
    if (target.item.kind !== 'file')
      throw invalidRequest(`'${target.item.name}' is a folder, not a file.`);
    checkIfMatch(request, target.item);
    assertQuota(drive, content.size, target.item);
    drive.replaceContent(target.item, content);
    return graphJson(request, 200, renderItem(context, target.item));
  }
  assertNewName(drive, target.parent, target.name, 'file');
  checkIfMatch(request, drive.child(target.parent, target.name));
  const choice = chooseName(
    drive,
    target.parent,
    target.name,
    'file',
    queryConflictBehavior(context, 'replace'),
  );
  if (choice.existing) {
    if (choice.existing.kind !== 'file') throw nameAlreadyExists(target.name);
    assertQuota(drive, content.size, choice.existing);
    drive.replaceContent(choice.existing, content);
    return graphJson(request, 200, renderItem(context, choice.existing));
  }
  assertQuota(drive, content.size);
  const file = drive.createFile(target.parent, choice.name, content);
  return graphJson(request, 201, renderItem(context, file));
}

/** 507 when `size` more bytes (less what `replacing` frees) do not fit. */
export function assertQuota(drive: Drive, size: number, replacing?: Item): void {
  const freed = replacing ? drive.sizeOf(replacing) : 0;
  if (size - freed > drive.remaining) {
    throw new GraphError(507, 'quotaLimitReached', 'Insufficient Space Available');
  }
}

function tooLarge(limit: number): GraphError {
  return new GraphError(
    413,
    'invalidRequest',
    `Simple uploads are limited to ${limit} bytes; use an upload session.`,
    'maxFileSizeExceeded',
  );
}

/**
 * `GET|HEAD https://my.microsoftpersonalcontent.com/download/{token}`: no auth needed; honours
 * one `Range` (206 + Content-Range, 416 when unsatisfiable); 401 once the URL has expired.
 */
export function serveDownload(state: MicrosoftState, request: EmulatorRequest): EmulatorResponse {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new GraphError(405, 'notAllowed', 'Download URLs answer GET and HEAD only.');
  }
  const match = /^\/download\/([^/]+)$/.exec(request.path);
  const claims = match
    ? (state.signer.verify(match[1] as string) as
        | { d?: string; i?: string; e?: number }
        | undefined)
    : undefined;
  if (
    !claims ||
    typeof claims.d !== 'string' ||
    typeof claims.i !== 'string' ||
    typeof claims.e !== 'number'
  ) {
    throw itemNotFound('The download URL is not valid.');
  }
  if (claims.e <= state.now()) {
    throw new GraphError(
      401,
      'unauthenticated',
      'The download URL has expired; get the item again for a fresh one.',
    );
  }
  const item = state.driveById(claims.d)?.drive.get(claims.i);
  if (!item?.content) throw itemNotFound('The item no longer exists.');
  const content = item.content;
  const headers: Record<string, string> = {
    'content-type': item.mimeType,
    'accept-ranges': 'bytes',
    etag: eTag(item),
  };
  const range = parseByteRange(request.header('range'), content.size);
  if (range === 'unsatisfiable') {
    throw new GraphError(
      416,
      'invalidRange',
      'The requested range is not satisfiable.',
      undefined,
      {
        'content-range': unsatisfiedRange(content.size),
      },
    );
  }
  return contentResponse(content, range, headers, request.method === 'HEAD');
}
