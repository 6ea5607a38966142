import { cancelledError, PolydriveError, throwIfAborted } from '@polydrive/core';
import type { DriveItem } from '../graph/drive-item.js';
import { graphError } from '../graph/graph-errors.js';
import type { OneDriveContext } from './context.js';
import { PROVIDER_NAME } from './context.js';

/** How often to look at a copy's progress: first after `initialMs`, then doubling up to `maxMs`. */
export interface CopyPollOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Polls from 100 ms up to every 5 s: small copies finish at once, big ones are not hammered. */
export const DEFAULT_COPY_POLL: CopyPollOptions = { initialMs: 100, maxMs: 5000 };

interface MonitorStatus {
  readonly status?: string;
  readonly resourceId?: string;
  readonly error?: { readonly code?: string; readonly message?: string };
}

/** What a finished copy left: the new item's id, or the item itself when Graph redirected to it. */
export type CopyOutcome = { readonly id: string } | { readonly item: DriveItem };

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError(signal, 'copy'));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelledError(signal, 'copy'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Follows a copy's monitor URL (pre-authenticated, so no bearer token) until its `status` says
 * completed or failed. The HTTP status is not trusted: services answer 200, 202 or 303 alike.
 */
export async function waitForCopy(
  ctx: OneDriveContext,
  monitorUrl: string,
  poll: CopyPollOptions,
  context: { target: string; signal?: AbortSignal },
): Promise<CopyOutcome> {
  const operation = 'copy';
  const { target, signal } = context;
  let delay = poll.initialMs;
  for (;;) {
    throwIfAborted(signal, operation);
    const response = await ctx.graph.send({
      method: 'GET',
      url: monitorUrl,
      auth: false,
      redirect: 'manual',
      ...(signal ? { signal } : {}),
      operation,
      target,
    });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const itemUrl = new URL(location, monitorUrl).toString();
      return {
        item: await ctx.graph.json<DriveItem>({
          method: 'GET',
          url: itemUrl,
          operation,
          target,
          ...(signal ? { signal } : {}),
        }),
      };
    }
    const status = await ctx.graph.readJson<MonitorStatus>(response, { operation, target });
    if (status?.status === 'completed') {
      if (typeof status.resourceId === 'string') return { id: status.resourceId };
      throw new PolydriveError('Internal', {
        message: 'OneDrive reported the copy complete but did not say which item it made.',
        provider: PROVIDER_NAME,
        operation,
        target,
      });
    }
    if (status?.status === 'failed') {
      throw graphError(
        {
          status: response.status,
          codes: status.error?.code ? [status.error.code] : [],
          ...(status.error?.message ? { message: status.error.message } : {}),
        },
        { operation, target },
        {
          message: `OneDrive could not finish the copy: ${status.error?.message ?? 'no reason given'}.`,
          ...(status.error?.code ? {} : { code: 'Conflict' as const }),
        },
      );
    }
    await sleep(delay, signal);
    delay = Math.min(delay * 2, poll.maxMs);
  }
}
