import { PolydriveError } from '@polydrive/core';
import { Hono } from 'hono';
import type { AppContext } from '../app-context.js';
import { byteLimit, uploadTooLarge } from '../byte-limit.js';
import { parseRange } from '../byte-range.js';
import { attachmentHeader } from '../content-disposition.js';
import { entryJson } from '../entry-json.js';
import { errorResponse } from '../error-response.js';
import { conflictPolicy, queryPath } from '../request-input.js';

/**
 * File content, under `/api/connections/:id`: downloads streamed from the provider (one byte
 * range when asked), and uploads streamed from the request body to the provider, never held in
 * memory whole.
 */
export function contentRoutes(ctx: AppContext): Hono {
  const { connections } = ctx;
  const app = new Hono();

  app.get('/:id/download', async (c) => {
    const path = queryPath(c);
    return connections.use(c.req.param('id'), async (drive) => {
      const entry = await drive.stat(path);
      if (entry.kind !== 'file') {
        throw new PolydriveError('NotAFile', {
          message: `${path} is a folder; only files can be downloaded.`,
          advice: 'Open the folder and download the files in it.',
        });
      }
      const ranged = drive.capabilities.rangeRead;
      const span = ranged ? parseRange(c.req.header('range'), entry.size) : undefined;
      const headers = new Headers({
        'content-type': entry.mimeType ?? 'application/octet-stream',
        'content-disposition': attachmentHeader(entry.name),
        'cache-control': 'no-store',
        ...(ranged ? { 'accept-ranges': 'bytes' } : {}),
      });
      if (span === 'unsatisfiable') {
        headers.set('content-range', `bytes */${entry.size}`);
        return new Response(null, { status: 416, headers });
      }
      const signal = c.req.raw.signal;
      const body = await drive.read(path, span ? { range: span, signal } : { signal });
      headers.set('content-length', String(span ? span.length : entry.size));
      if (!span) return new Response(body, { status: 200, headers });
      const last = span.offset + span.length - 1;
      headers.set('content-range', `bytes ${span.offset}-${last}/${entry.size}`);
      return new Response(body, { status: 206, headers });
    });
  });

  app.put('/:id/upload', async (c) => {
    const path = queryPath(c);
    const conflict = conflictPolicy(c.req.query('conflict'));
    const limitText = `${Math.floor(ctx.maxUploadBytes / (1024 * 1024))} MB`;
    const declared = contentLength(c.req.header('content-length'));
    if (declared !== undefined && declared > ctx.maxUploadBytes) {
      return unreadBody(errorResponse(uploadTooLarge(limitText), ctx.log, 413));
    }
    const limit = byteLimit(ctx.maxUploadBytes, limitText);
    const source = c.req.raw.body ? c.req.raw.body.pipeThrough(limit.stream) : new Uint8Array(0);
    try {
      const entry = await connections.use(c.req.param('id'), (drive) =>
        drive.write(path, source, {
          conflict,
          signal: c.req.raw.signal,
          ...(declared !== undefined ? { size: declared } : {}),
        }),
      );
      return c.json({ entry: entryJson(entry) }, 201);
    } catch (err) {
      return unreadBody(
        limit.exceeded
          ? errorResponse(uploadTooLarge(limitText), ctx.log, 413)
          : errorResponse(err, ctx.log),
      );
    }
  });

  return app;
}

/**
 * Marks an answer given before the request body was read to its end: the client must not send
 * another request on this connection, whose stream still holds the rest of the body.
 */
function unreadBody(response: Response): Response {
  response.headers.set('connection', 'close');
  return response;
}

function contentLength(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}
