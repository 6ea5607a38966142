import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cancelledError, PolydriveError } from '../errors/polydrive-error.js';
import { verifyOAuthState } from './pkce.js';

/** The path the loopback server takes the OAuth redirect on. */
export const LOOPBACK_CALLBACK_PATH = '/callback';

/** The port the loopback server listens on when none is given. */
export const DEFAULT_LOOPBACK_PORT = 8080;

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

/** Options of {@link listenForOAuthCallback}. */
export interface LoopbackCallbackOptions {
  /** The `state` sent in the authorization URL; a callback carrying any other is refused. */
  readonly state: string;
  /** Port on 127.0.0.1: {@link DEFAULT_LOOPBACK_PORT} by default, 0 for a free one. */
  readonly port?: number;
  /**
   * Host name written in `redirectUri`: `localhost` (default, what providers let you register
   * with any port) or `127.0.0.1`. The server binds 127.0.0.1 either way.
   */
  readonly redirectHost?: 'localhost' | '127.0.0.1';
  /** Give up after this many ms without a valid callback. Default 5 minutes. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A loopback server waiting for one OAuth redirect. */
export interface LoopbackCallback {
  /** The port it listens on (useful with port 0). */
  readonly port: number;
  /** The redirect URI to send in the authorization URL and the code exchange. */
  readonly redirectUri: string;
  /**
   * The code of the first callback that carries the right `state`. Rejects with Unauthenticated
   * when the sign-in was refused or failed, or nothing came in time; with Cancelled on abort.
   */
  waitForCode(): Promise<string>;
  /** Stops listening. Safe to call more than once; done by itself once the wait settles. */
  close(): Promise<void>;
}

const PAGE_STYLE = 'font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;';

function page(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="${PAGE_STYLE}"><h1>${title}</h1><p>${text}</p></body></html>\n`;
}

function answer(res: ServerResponse, status: number, title: string, text: string): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'close',
    });
    res.end(page(title, text), () => resolve());
  });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        new PolydriveError('InvalidArgument', {
          message: `Cannot listen on 127.0.0.1:${port} for the sign-in callback (${err.code ?? err.message}).`,
          advice:
            'Stop the program using that port, or choose another port (0 picks a free one) that the app registration accepts.',
          operation: 'login',
          cause: err,
        }),
      );
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PolydriveError('InvalidArgument', {
      message: `The sign-in callback port must be a whole number from 0 to 65535, got ${port}.`,
      advice: `Use ${DEFAULT_LOOPBACK_PORT} (the default) or 0 for a free port.`,
      operation: 'login',
    });
  }
}

/** What a callback with the right `state` but no code means, as the error to report. */
function refusal(error: string | null, description: string | null): PolydriveError {
  if (error === 'access_denied') {
    return new PolydriveError('Unauthenticated', {
      message: 'The sign-in was refused.',
      advice: 'Sign in again and accept the consent screen to connect the account.',
      operation: 'login',
      providerCode: error,
    });
  }
  // The description is the provider's explanation for the user; it carries no secret.
  const why = description ? `: ${description.slice(0, 300)}` : '';
  return new PolydriveError('Unauthenticated', {
    message: error
      ? `The sign-in failed (${error})${why}.`
      : 'The sign-in callback carried no authorization code.',
    advice: 'Sign in again; if it keeps failing, check the app registration and its redirect URI.',
    operation: 'login',
    ...(error ? { providerCode: error } : {}),
  });
}

/**
 * Listens on 127.0.0.1 for the browser's OAuth redirect to `/callback`, as native apps do
 * (RFC 8252). Only a callback whose `state` matches (compared in constant time) is taken; others
 * get an error page and the wait goes on, so a stale tab cannot end a sign-in. The browser is
 * answered with a small page. Call `waitForCode`, then exchange the code.
 */
export async function listenForOAuthCallback(
  options: LoopbackCallbackOptions,
): Promise<LoopbackCallback> {
  const { state, signal } = options;
  const port = options.port ?? DEFAULT_LOOPBACK_PORT;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  checkPort(port);
  if (typeof state !== 'string' || state === '') {
    throw new PolydriveError('InvalidArgument', {
      message: 'The sign-in callback needs the state sent in the authorization URL.',
      advice: 'Create one with createOAuthState() and pass it here and to the provider.',
      operation: 'login',
    });
  }
  if (signal?.aborted) throw cancelledError(signal, 'login');

  let settled = false;
  let resolveCode: (code: string) => void = () => undefined;
  let rejectCode: (err: unknown) => void = () => undefined;
  const code = new Promise<string>((resolve, reject) => {
    resolveCode = resolve;
    rejectCode = reject;
  });
  // The outcome may come before anyone waits for it; waitForCode hands it over.
  code.catch(() => undefined);

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => settle(err));
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => settle(cancelledError(signal, 'login'));
  function settle(outcome: unknown, value?: string): void {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    if (value !== undefined) resolveCode(value);
    else rejectCode(outcome);
    void close();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== LOOPBACK_CALLBACK_PATH) {
      await answer(res, 404, 'Not found', 'This address only takes a sign-in callback.');
      return;
    }
    if (settled) {
      await answer(res, 409, 'Already done', 'This sign-in is over. You can close this window.');
      return;
    }
    if (!verifyOAuthState(state, url.searchParams.get('state'))) {
      await answer(
        res,
        400,
        'Sign-in not recognised',
        'This answer does not belong to the sign-in in progress. Start the sign-in again.',
      );
      return;
    }
    const received = url.searchParams.get('code');
    if (received === null || received === '') {
      const error = refusal(
        url.searchParams.get('error'),
        url.searchParams.get('error_description'),
      );
      await answer(res, 400, 'Sign-in not completed', `${error.summary} ${error.advice}`);
      settle(error);
      return;
    }
    await answer(
      res,
      200,
      'Signed in',
      'The sign-in reached the application. You can close this window and return to it.',
    );
    settle(undefined, received);
  }

  const bound = await listen(server, port);
  signal?.addEventListener('abort', onAbort, { once: true });
  timer = setTimeout(() => {
    settle(
      new PolydriveError('Unauthenticated', {
        message: `No sign-in reached 127.0.0.1:${bound} within ${Math.round(timeoutMs / 1000)} s.`,
        advice: 'Sign in again and finish in the browser before the time runs out.',
        operation: 'login',
      }),
    );
  }, timeoutMs);
  return {
    port: bound,
    redirectUri: `http://${options.redirectHost ?? 'localhost'}:${bound}${LOOPBACK_CALLBACK_PATH}`,
    waitForCode: () => code,
    close,
  };
}
