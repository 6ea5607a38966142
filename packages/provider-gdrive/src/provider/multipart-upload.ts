import { randomUUID } from 'node:crypto';
import { PolydriveError, STREAM_BODY_MIN_BYTES, type WriteOptions } from '@polydrive/core';
import type { CallContext, DriveClient } from '../api/drive-client.js';
import { type DriveFileResource, FILE_FIELDS } from '../api/file-resource.js';
import { PROVIDER_NAME } from './context.js';
import type { WriteTarget } from './write-target.js';

const DEFAULT_MIME_TYPE = 'application/octet-stream';

/** The query of every multipart upload. */
const QUERY = `uploadType=multipart&supportsAllDrives=true&fields=${encodeURIComponent(FILE_FIELDS)}`;

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
  const mimeType = options.mimeType ?? DEFAULT_MIME_TYPE;
  if (options.mimeType !== undefined && /[\r\n]/.test(mimeType)) {
    throw new PolydriveError('InvalidArgument', {
      message: 'A MIME type cannot contain line breaks.',
      advice: 'Pass a MIME type such as text/plain.',
      provider: PROVIDER_NAME,
      operation: call.operation,
      target: call.target,
    });
  }
  // A random boundary, as googleapis uses: the bytes cannot be checked for it cheaply.
  const boundary = `polydrive-${randomUUID()}`;
  const head = `--${boundary}\r\ncontent-type: application/json; charset=UTF-8\r\n\r\n${metadataOf(target, options)}\r\n--${boundary}\r\ncontent-type: ${mimeType}\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const existing = target.kind === 'existing';
  const file = existing ? `/${encodeURIComponent(target.file.id ?? '')}` : '';
  return client.json<DriveFileResource>({
    method: existing ? 'PATCH' : 'POST',
    url: `${client.apiBaseUrl}/upload/drive/v3/files${file}?${QUERY}`,
    headers: { 'content-type': `multipart/related; boundary=${boundary}` },
    bytes: multipartBody(head, data, tail),
    signal: call.signal,
    operation: call.operation,
    target: call.target,
  });
}

/** The JSON metadata part: name and parent of a new file, MIME type and modification time if given. */
function metadataOf(target: WriteTarget, options: WriteOptions): string {
  const metadata: { name?: string; parents?: string[]; mimeType?: string; modifiedTime?: string } =
    {};
  if (target.kind === 'new') {
    metadata.name = target.name;
    metadata.parents = [target.parentId];
  }
  if (options.mimeType !== undefined) metadata.mimeType = options.mimeType;
  if (options.modifiedAt) metadata.modifiedTime = options.modifiedAt.toISOString();
  return JSON.stringify(metadata);
}

/**
 * The body as byte pieces. A small file is written with its head and tail into one buffer, which
 * fetch would otherwise get as three pieces joined into a fresh zero-filled one; from
 * STREAM_BODY_MIN_BYTES up the pieces are kept, so the file's bytes are streamed without a copy.
 */
function multipartBody(head: string, data: Uint8Array, tail: string): Uint8Array[] {
  if (data.byteLength >= STREAM_BODY_MIN_BYTES) {
    return [Buffer.from(head, 'utf8'), data, Buffer.from(tail, 'latin1')];
  }
  const headLength = Buffer.byteLength(head, 'utf8');
  const body = Buffer.allocUnsafe(headLength + data.byteLength + tail.length);
  body.write(head, 0, headLength, 'utf8');
  body.set(data, headLength);
  body.write(tail, headLength + data.byteLength, tail.length, 'latin1');
  return [body];
}
