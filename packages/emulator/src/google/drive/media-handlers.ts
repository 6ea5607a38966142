import { contentResponse, parseByteRange, unsatisfiedRange } from '../../server/byte-range.js';
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
  const blob = file.blob;
  const headers: Record<string, string> = {
    'content-type': file.mimeType,
    'accept-ranges': 'bytes',
    'x-goog-hash': `md5=${Buffer.from(blob.md5, 'hex').toString('base64')}`,
    'content-disposition': 'attachment',
  };
  const range = parseByteRange(context.request.header('range'), blob.size);
  if (range === 'unsatisfiable') {
    throw new DriveError(
      416,
      'requestedRangeNotSatisfiable',
      'Request range not satisfiable',
      undefined,
      {
        'content-range': unsatisfiedRange(blob.size),
      },
    );
  }
  return contentResponse(blob, range, headers);
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
