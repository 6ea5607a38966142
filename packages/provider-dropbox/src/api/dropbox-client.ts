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
 * fetch. The SDK takes no per-call signal, so a call with a signal gets a view of the SDK whose
 * fetch carries it. It never retries: errors become PolydriveErrors (with Retry-After) for
 * core's retry and pacer layers.
 */
export class DropboxClient {
  readonly #sdk: Dropbox;

  constructor(private readonly fetch: FetchLike) {
    this.#sdk = new Dropbox({ fetch: (url: string, init: RequestInit) => this.fetch(url, init) });
  }

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

  /**
   * The SDK, or for a signal an object inheriting from it with its own fetch: the SDK's routes
   * reach the network through `this.fetch`, and a new SDK instance costs tens of microseconds
   * (it copies every route onto itself).
   */
  private sdk(signal: AbortSignal | undefined): Dropbox {
    if (!signal) return this.#sdk;
    const view = Object.create(this.#sdk) as Dropbox & { fetch: FetchLike };
    view.fetch = (url, init) => this.fetch(url, { ...init, signal });
    return view;
  }
}
