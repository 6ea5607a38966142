import { type ItemRef, PolydriveError, type ReadOptions, type ReadResult } from '@polydrive/core';
import { callError } from '../api/errors.js';
import { headerSafeJson } from '../api/header-json.js';
import { apiPath, isRootRef, targetOf } from '../api/paths.js';
import { DROPBOX_HOSTS } from '../hosts.js';
import { type DropboxContext, PROVIDER_NAME } from './context.js';

/**
 * Streams a file with files/download. The SDK would buffer the whole file and cannot send a
 * Range, so this is a raw request: the argument in Dropbox-API-Arg (escaped), one Range.
 */
export async function download(
  context: DropboxContext,
  file: ItemRef,
  options: ReadOptions,
): Promise<ReadResult> {
  const operation = 'read';
  const target = targetOf(file);
  if (options.exportFormat !== undefined) {
    throw new PolydriveError('Unsupported', {
      message: 'Dropbox files have no export formats.',
      advice: 'Read the file without exportFormat.',
      provider: PROVIDER_NAME,
      operation,
      target,
    });
  }
  if (isRootRef(file)) {
    throw new PolydriveError('NotAFile', {
      message: 'The root is a folder, not a file.',
      provider: PROVIDER_NAME,
      operation,
      target,
    });
  }
  const range = options.range;
  const headers: Record<string, string> = {
    'dropbox-api-arg': headerSafeJson({ path: apiPath(file) }),
    ...(range
      ? {
          range: `bytes=${range.offset}-${range.length !== undefined ? range.offset + range.length - 1 : ''}`,
        }
      : {}),
  };
  const call = { operation, target, ...(options.signal ? { signal: options.signal } : {}) };
  const response = await context.client.send(
    `${DROPBOX_HOSTS.content}/2/files/download`,
    { method: 'POST', headers },
    call,
  );
  if (response.status === 416 && range) {
    await response.body?.cancel();
    return { stream: new ReadableStream({ start: (controller) => controller.close() }), size: 0 };
  }
  if (!response.ok) throw await context.client.responseError(response, call);
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  return {
    stream: mapStreamErrors(body, (err) => callError(err, call, options.signal)),
    ...(Number.isFinite(length) ? { size: length } : {}),
  };
}

/** The same bytes; a failure while reading (a dropped connection) becomes a PolydriveError. */
function mapStreamErrors(
  body: ReadableStream<Uint8Array>,
  map: (err: unknown) => PolydriveError,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (err) {
        controller.error(map(err));
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
