import { contentResponse, parseByteRange, unsatisfiedRange } from '../../server/byte-range.js';
import type { EmulatorResponse } from '../../server/response.js';
import { headerSafeJson } from '../api-arg.js';
import { Args } from '../args.js';
import type { RouteContext } from '../context.js';
import { routeError, union } from '../errors.js';
import { metadataOf } from '../metadata.js';
import { parsePath, requireNode } from '../paths.js';

/**
 * `files/download`: the bytes, with the file's metadata in `Dropbox-API-Result` (non-ASCII
 * escaped). One `Range` is honoured (206 with Content-Range; 416 when it starts past the end or
 * ends before it starts).
 */
export function download(context: RouteContext, arg: unknown): EmulatorResponse {
  const { route, account, request } = context;
  const args = new Args(route, arg);
  const parsed = parsePath(route, 'path', args.string('path'), 'path', account, { rev: true });
  const node = requireNode(account.namespace, parsed, 'path');
  if (node.kind !== 'file') throw routeError(union('path', union('not_file')));
  const content = node.content ?? { chunks: [], size: 0 };
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'dropbox-api-result': headerSafeJson(metadataOf(account, node, { tagged: false })),
    'accept-ranges': 'bytes',
    etag: `W/"${node.content?.rev ?? ''}"`,
  };
  const range = parseByteRange(request.header('range'), content.size, 'unsatisfiable');
  if (range === 'unsatisfiable') {
    return {
      status: 416,
      headers: { ...headers, 'content-range': unsatisfiedRange(content.size) },
    };
  }
  return contentResponse(content, range, headers);
}
