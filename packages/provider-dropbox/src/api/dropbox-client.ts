import { type FetchLike, PolydriveError, throwIfAborted } from '@polydrive/core';
import { Dropbox, type DropboxResponse } from 'dropbox';
import { DROPBOX_HOSTS } from '../hosts.js';
import {
  callError,
  type DropboxFailure,
  type ErrorContext,
  failureError,
  failureOf,
  responseFailure,
} from './errors.js';
import { headerSafeJson } from './header-json.js';

/** A call's context: what it is for (errors) and its signal. */
export interface CallContext extends ErrorContext {
  readonly signal?: AbortSignal;
}

/** The outcome of {@link DropboxClient.attempt}: the result, or Dropbox's error answer. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; failure: DropboxFailure };

/**
 * Calls Dropbox with an authorized fetch: most routes through the SDK (routes, argument headers,
 * result parsing), the ones made per small file or per listed page ({@link rpc}, {@link upload})
 * directly, as the SDK's per-call promise chain and header handling are a measurable share of a
 * small write's CPU time. The SDK takes no per-call signal, so a call with a signal gets a view of
 * the SDK whose fetch carries it. It never retries: errors become PolydriveErrors (with Retry-After) for
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

  /** Calls an RPC route (`files/list_folder`): a JSON argument, a JSON result, on the API host. */
  rpc<T>(context: CallContext, route: string, arg: unknown): Promise<T> {
    return this.#route(context, `${DROPBOX_HOSTS.api}/2/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(arg),
    });
  }

  /**
   * Calls an upload route (`files/upload`) on the content host: the argument in Dropbox-API-Arg,
   * the bytes as the body, a JSON result.
   */
  upload<T>(context: CallContext, route: string, arg: unknown, contents: Uint8Array): Promise<T> {
    return this.#route(context, `${DROPBOX_HOSTS.content}/2/${route}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'dropbox-api-arg': headerSafeJson(arg),
      },
      body: contents,
    });
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

  /** Sends a route's request and reads its JSON result; an error answer is thrown mapped. */
  async #route<T>(context: CallContext, url: string, init: RequestInit): Promise<T> {
    const { signal } = context;
    throwIfAborted(signal, context.operation);
    if (signal) init.signal = signal;
    // Dropbox's routes never redirect, and fetch copies every request it might have to
    // redirect, body included: about a sixth of a small request's CPU.
    init.redirect = 'error';
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(url, init);
      if (!response.ok) throw failureError(await responseFailure(response), context);
      text = await response.text();
    } catch (err) {
      throw callError(err, context, signal);
    }
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new PolydriveError('Transient', {
        message: `Dropbox answered HTTP ${response.status} with a body that is not JSON.`,
        advice: 'Retry; if it persists, check for a proxy between this app and Dropbox.',
        provider: 'dropbox',
        operation: context.operation,
        ...(context.target !== undefined ? { target: context.target } : {}),
        httpStatus: response.status,
        cause: err,
      });
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
