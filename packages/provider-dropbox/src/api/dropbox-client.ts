import { type FetchLike, throwIfAborted } from '@polydrive/core';
import { Dropbox, type DropboxResponse } from 'dropbox';
import {
  callError,
  type DropboxFailure,
  type ErrorContext,
  failureError,
  failureOf,
  responseFailure,
} from './errors.js';

/** A call's context: what it is for (errors) and its signal. */
export interface CallContext extends ErrorContext {
  readonly signal?: AbortSignal;
}

/** The outcome of {@link DropboxClient.attempt}: the result, or Dropbox's error answer. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; failure: DropboxFailure };

/**
 * Calls Dropbox through the SDK (routes, argument headers, result parsing) with an authorized
 * fetch. The SDK takes no per-call signal, so each call gets an SDK instance whose fetch carries
 * the call's signal. It never retries: errors become PolydriveErrors (with Retry-After) for
 * core's retry and pacer layers.
 */
export class DropboxClient {
  constructor(private readonly fetch: FetchLike) {}

  /** Runs an SDK call and returns its result; failures are thrown as PolydriveErrors. */
  async call<T>(
    context: CallContext,
    run: (dbx: Dropbox) => Promise<DropboxResponse<T>>,
  ): Promise<T> {
    const outcome = await this.attempt(context, run);
    if (!outcome.ok) throw failureError(outcome.failure, context);
    return outcome.value;
  }

  /**
   * Runs an SDK call; a Dropbox error answer comes back as a failure for the caller to look at
   * (e.g. `incorrect_offset` and its `correct_offset`). Network failures and aborts are thrown.
   */
  async attempt<T>(
    context: CallContext,
    run: (dbx: Dropbox) => Promise<DropboxResponse<T>>,
  ): Promise<Attempt<T>> {
    throwIfAborted(context.signal, context.operation);
    try {
      return { ok: true, value: (await run(this.sdk(context.signal))).result };
    } catch (err) {
      const failure = failureOf(err);
      if (failure) return { ok: false, failure };
      throw callError(err, context, context.signal);
    }
  }

  /** A raw request (downloads, passthrough): the response as it came, whatever its status. */
  async send(url: string, init: RequestInit, context: CallContext): Promise<Response> {
    throwIfAborted(context.signal, context.operation);
    try {
      return await this.fetch(url, {
        ...init,
        ...(context.signal ? { signal: context.signal } : {}),
      });
    } catch (err) {
      throw callError(err, context, context.signal);
    }
  }

  /** The PolydriveError for a raw response that failed. */
  async responseError(response: Response, context: ErrorContext) {
    return failureError(await responseFailure(response), context);
  }

  private sdk(signal: AbortSignal | undefined): Dropbox {
    return new Dropbox({
      fetch: (url: string, init: RequestInit) =>
        this.fetch(url, signal ? { ...init, signal } : init),
    });
  }
}
