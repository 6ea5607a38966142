import type { EmulatorResponse } from '../../server/response.js';
import { headerSafeJson } from '../api-arg.js';
import { Args } from '../args.js';
import type { RouteContext } from '../context.js';
import { routeError, union } from '../errors.js';
import { metadataOf } from '../metadata.js';
import { parsePath, requireNode } from '../paths.js';

/**
 * `files/download`: the bytes, with the file's metadata in `Dropbox-API-Result` (non-ASCII
 * escaped). One `Range` is honoured (206 with Content-Range; 416 when it starts past the end).
 */
export function download(context: RouteContext, arg: unknown): EmulatorResponse {
  const { route, account, request } = context;
  const args = new Args(route, arg);
  const parsed = parsePath(route, 'path', args.string('path'), 'path', account, { rev: true });
  const node = requireNode(account.namespace, parsed, 'path');
  if (node.kind !== 'file') throw routeError(union('path', union('not_file')));
  const bytes = node.content?.bytes ?? Buffer.alloc(0);
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'dropbox-api-result': headerSafeJson(metadataOf(account, node, { tagged: false })),
    'accept-ranges': 'bytes',
    etag: `W/"${node.content?.rev ?? ''}"`,
  };
  const range = parseRange(request.header('range'), bytes.length);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${bytes.length}` } };
  }
  if (!range) return { status: 200, headers, body: bytes };
  return {
    status: 206,
    headers: { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${bytes.length}` },
    body: bytes.subarray(range.start, range.end + 1),
  };
}

/** One `bytes=a-b`, `bytes=a-` or `bytes=-n` range; anything else means the whole file. */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
