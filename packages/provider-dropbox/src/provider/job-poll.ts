import { setTimeout as sleep } from 'node:timers/promises';
import { PolydriveError, throwIfAborted } from '@polydrive/core';

/** How often to poll an async sharing job: the first and longest wait, in ms. */
export interface JobPollOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The defaults: 100 ms, doubling to 2 s. */
export const DEFAULT_JOB_POLL: JobPollOptions = { initialMs: 100, maxMs: 2000 };

/** Gives up on a job that is still running after this long. */
const GIVE_UP_MS = 5 * 60_000;

/**
 * Waits for an async sharing job (share_folder, remove_folder_member) by polling its status
 * route until it reports `complete` (returned) or `failed` (thrown). This is the job's own
 * protocol, not a retry: every poll is a fresh question.
 */
export async function waitForJob<T extends { '.tag': string }>(
  check: () => Promise<T>,
  poll: JobPollOptions,
  context: { operation: string; target: string; signal?: AbortSignal },
): Promise<T> {
  const started = Date.now();
  for (let delay = poll.initialMs; ; delay = Math.min(delay * 2, poll.maxMs)) {
    const status = await check();
    if (status['.tag'] === 'complete') return status;
    if (status['.tag'] === 'failed') {
      throw new PolydriveError('Internal', {
        message: 'Dropbox reported that the sharing job failed.',
        advice: 'Try again; if it keeps failing, check the item in the Dropbox web interface.',
        provider: 'dropbox',
        operation: context.operation,
        target: context.target,
      });
    }
    if (Date.now() - started > GIVE_UP_MS) {
      throw new PolydriveError('Transient', {
        message: 'Dropbox is still working on the sharing job after 5 minutes.',
        provider: 'dropbox',
        operation: context.operation,
        target: context.target,
      });
    }
    await sleep(delay, undefined, context.signal ? { signal: context.signal } : {}).catch(() =>
      throwIfAborted(context.signal, context.operation),
    );
  }
}
