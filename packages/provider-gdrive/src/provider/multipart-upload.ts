import { randomUUID } from 'node:crypto';
import { PolydriveError, type WriteOptions } from '@polydrive/core';
import type { CallContext, DriveClient } from '../api/drive-client.js';
import { type DriveFileResource, FILE_FIELDS } from '../api/file-resource.js';
import { errorFromResponse } from '../api/google-errors.js';
import { networkError } from '../api/network-errors.js';
import { PROVIDER_NAME } from './context.js';
import type { WriteTarget } from './write-target.js';

const encoder = new TextEncoder();

/**
 * Writes a small file in one multipart request (wire reference B.5): a new file under its parent,
 * or new content for the file being replaced. It goes through fetch directly rather than
 * @googleapis/drive, whose multipart body is a chunked stream of many small pieces: here the
 * bytes are sent as they are, between a head and a tail, with a Content-Length.
 */
export async function uploadMultipart(
  client: DriveClient,
  target: WriteTarget,
  data: Uint8Array,
  options: WriteOptions,
  call: CallContext,
): Promise<DriveFileResource> {
  const context = { operation: call.operation, target: call.target };
  const mimeType = options.mimeType ?? 'application/octet-stream';
  if (/[\r\n]/.test(mimeType)) {
    throw new PolydriveError('InvalidArgument', {
      message: 'A MIME type cannot contain line breaks.',
      advice: 'Pass a MIME type such as text/plain.',
      provider: PROVIDER_NAME,
      ...context,
    });
  }
  const metadata = {
    ...(target.kind === 'new' ? { name: target.name, parents: [target.parentId] } : {}),
    ...(options.mimeType !== undefined ? { mimeType: options.mimeType } : {}),
    ...(options.modifiedAt ? { modifiedTime: options.modifiedAt.toISOString() } : {}),
  };
  // A random boundary, as googleapis uses: the bytes cannot be checked for it cheaply.
  const boundary = `polydrive-${randomUUID()}`;
  const head = encoder.encode(
    `--${boundary}\r\ncontent-type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n--${boundary}\r\ncontent-type: ${mimeType}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const query = new URLSearchParams({
    uploadType: 'multipart',
    supportsAllDrives: 'true',
    fields: FILE_FIELDS,
  });
  const file = target.kind === 'existing' ? `/${encodeURIComponent(target.file.id ?? '')}` : '';
  const response = await client.send({
    method: target.kind === 'existing' ? 'PATCH' : 'POST',
    url: `${client.apiBaseUrl}/upload/drive/v3/files${file}?${query}`,
    headers: { 'content-type': `multipart/related; boundary=${boundary}` },
    bytes: [head, data, tail],
    signal: call.signal,
    ...context,
  });
  if (!response.ok) throw await errorFromResponse(response, context);
  try {
    return (await response.json()) as DriveFileResource;
  } catch (err) {
    throw networkError(err, call.signal, context);
  }
}
