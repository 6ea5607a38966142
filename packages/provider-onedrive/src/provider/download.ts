import {
  describeRef,
  downloadStream,
  type ItemRef,
  type ReadOptions,
  type ReadResult,
} from '@polydrive/core';
import { errorFromResponse } from '../graph/graph-errors.js';
import { itemPath } from '../graph/item-urls.js';
import { networkError } from '../graph/network-errors.js';
import type { OneDriveContext } from './context.js';

/** A stream that ends at once. */
export function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.close();
    },
  });
}

function totalFromContentRange(header: string | null): number | undefined {
  const match = header ? /\/(\d+)\s*$/.exec(header) : null;
  return match?.[1] !== undefined ? Number(match[1]) : undefined;
}

/**
 * Downloads a file's content: `GET .../content` answers 302 to a pre-authenticated URL, which is
 * followed by hand so the bearer token never goes there. A range starting at or past the end
 * reads as empty; a server that ignores Range gets its answer trimmed to the range.
 */
export async function download(
  ctx: OneDriveContext,
  file: ItemRef,
  options: ReadOptions,
): Promise<ReadResult> {
  const operation = 'read';
  const target = describeRef(file);
  const range = options.range;
  const signal = options.signal ? { signal: options.signal } : {};
  const end = range?.length !== undefined ? range.offset + range.length - 1 : '';
  const headers = range ? { headers: { range: `bytes=${range.offset}-${end}` } } : {};
  const contentUrl = itemPath(ctx.drive, file, 'content');
  let response = await ctx.graph.send({
    method: 'GET',
    url: contentUrl,
    redirect: 'manual',
    ...headers,
    ...signal,
    operation,
    target,
  });
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location) {
    await response.body?.cancel();
    response = await ctx.graph.send({
      method: 'GET',
      url: new URL(location, ctx.graph.resolve(contentUrl)).toString(),
      auth: false,
      ...headers,
      ...signal,
      operation,
      target,
    });
  }
  if (response.status === 416 && range) {
    const total = totalFromContentRange(response.headers.get('content-range'));
    if (total !== undefined && range.offset >= total) {
      await response.body?.cancel();
      return { stream: emptyStream(), size: 0 };
    }
  }
  if (!response.ok) throw await errorFromResponse(response, { operation, target });
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const skip = range && response.status !== 206 ? range.offset : 0;
  const limit = range?.length;
  const available = Number.isFinite(length) ? Math.max(0, length - skip) : undefined;
  const size =
    available === undefined
      ? undefined
      : limit !== undefined
        ? Math.min(limit, available)
        : available;
  return {
    stream: downloadStream(
      response.body ?? emptyStream(),
      { skip, ...(limit !== undefined ? { limit } : {}) },
      (err) => networkError(err, options.signal, { operation, target }),
    ),
    ...(size !== undefined ? { size } : {}),
  };
}
