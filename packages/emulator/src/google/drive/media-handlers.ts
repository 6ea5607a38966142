import type { EmulatorResponse } from '../../server/response.js';
import { type DriveFile, docKindOf } from '../files/file.js';
import type { DriveContext } from './context.js';
import { DriveError } from './errors.js';
import { EXPORT_FORMATS, exportDocument } from './export.js';
import { requireFile } from './lookup.js';

/**
 * `alt=media`: the bytes of a binary file, honouring one `Range` (206 + Content-Range, 416
 * when unsatisfiable). Google-native documents and folders answer 403 fileNotDownloadable.
 */
export function downloadMedia(context: DriveContext, file: DriveFile): EmulatorResponse {
  if (!file.blob) {
    throw new DriveError(
      403,
      'fileNotDownloadable',
      'Only files with binary content can be downloaded. Use Export with Docs Editors files.',
      { location: 'alt', locationType: 'parameter' },
    );
  }
  const bytes = file.blob.bytes;
  const headers: Record<string, string> = {
    'content-type': file.mimeType,
    'accept-ranges': 'bytes',
    'x-goog-hash': `md5=${Buffer.from(file.blob.md5, 'hex').toString('base64')}`,
    'content-disposition': 'attachment',
  };
  const range = parseRange(context.request.header('range'), bytes.length);
  if (range === 'unsatisfiable') {
    throw new DriveError(
      416,
      'requestedRangeNotSatisfiable',
      'Request range not satisfiable',
      undefined,
      {
        'content-range': `bytes */${bytes.length}`,
      },
    );
  }
  if (!range) return { status: 200, headers, body: bytes };
  headers['content-range'] = `bytes ${range.start}-${range.end}/${bytes.length}`;
  return { status: 206, headers, body: bytes.subarray(range.start, range.end + 1) };
}

/**
 * `GET /drive/v3/files/{id}/export?mimeType=`: a Google-native document converted to one of
 * its export formats, up to the export size limit (403 exportSizeLimitExceeded above it).
 */
export function exportFile(context: DriveContext, fileId: string): EmulatorResponse {
  const { file } = requireFile(context, fileId);
  const mimeType = context.query.get('mimeType');
  if (mimeType === null || mimeType === '') {
    throw new DriveError(400, 'required', 'Required parameter: mimeType', {
      location: 'mimeType',
      locationType: 'parameter',
    });
  }
  const kind = docKindOf(file.mimeType);
  if (kind === undefined) {
    throw new DriveError(403, 'fileNotExportable', 'Export only supports Docs Editors files.', {
      location: 'fileId',
      locationType: 'parameter',
    });
  }
  if (!EXPORT_FORMATS[kind].includes(mimeType)) {
    throw new DriveError(400, 'badRequest', 'The requested conversion is not supported.', {
      location: 'convertTo',
      locationType: 'parameter',
    });
  }
  const bytes = exportDocument(kind, file.name, file.docText ?? '', mimeType);
  if (bytes.length > context.state.options.exportSizeLimitBytes) {
    throw new DriveError(403, 'exportSizeLimitExceeded', 'This file is too large to be exported.');
  }
  return { status: 200, headers: { 'content-type': mimeType }, body: bytes };
}

/**
 * One byte range (`a-b`, `a-`, `-n`), clamped to the size; `undefined` means "send it all" (no
 * header, several ranges, or a malformed one, which RFC 9110 says to ignore).
 */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
