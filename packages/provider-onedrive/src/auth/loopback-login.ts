import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cancelledError, PolydriveError, verifyOAuthState } from '@polydrive/core';
import type { LoginResult, OneDriveAuth } from './onedrive-auth.js';

/** Options of {@link loginWithLoopback}. */
export interface LoopbackLoginOptions {
  readonly auth: OneDriveAuth;
  /**
   * Port on 127.0.0.1 to listen on: by default the port of the auth's redirect URI (8080 for the
   * default `http://localhost:8080/callback`); 0 picks a free one.
   */
  readonly port?: number;
  /** Path of the callback. Default: the path of the auth's redirect URI (`/callback`). */
  readonly callbackPath?: string;
  /** Give up after this many ms without an answer from the browser. Default 5 minutes. */
  readonly timeoutMs?: number;
  /** Opens the authorization URL; default: the system browser (open, xdg-open or start). */
  readonly openBrowser?: (url: string) => void | Promise<void>;
  readonly scopes?: readonly string[];
  readonly loginHint?: string;
  readonly signal?: AbortSignal;
}

const PAGE_STYLE = 'font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;';

function page(title: string, text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body style="${PAGE_STYLE}"><h1>${title}</h1><p>${text}</p></body></html>`;
}

/** Sends a small page and resolves once it has been handed to the socket. */
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

/** Opens a URL in the desktop's browser, without waiting for it and without failing. */
export function openSystemBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        new PolydriveError('InvalidArgument', {
          message: `Cannot listen on 127.0.0.1:${port} for the login callback (${err.code ?? err.message}).`,
          advice:
            'Free the port, or pass another port (0 picks a free one) with a matching redirect URI registered.',
          provider: 'onedrive',
          operation: 'login',
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

/**
 * Signs a user in through the browser: listens on 127.0.0.1 only, opens the authorization URL
 * (PKCE + state), takes the redirect on `/callback`, checks `state` in constant time, exchanges
 * the code and saves the login in the auth's token store.
 */
export async function loginWithLoopback(options: LoopbackLoginOptions): Promise<LoginResult> {
  const { auth, signal } = options;
  const configured = new URL(auth.defaultRedirectUri);
  // Entra ID matches loopback redirect URIs on scheme, host and path but lets the port vary.
  const host = configured.hostname === '127.0.0.1' ? '127.0.0.1' : 'localhost';
  const callbackPath = options.callbackPath ?? configured.pathname;
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  if (signal?.aborted) throw cancelledError(signal, 'login');

  let settle: { resolve: (r: LoginResult) => void; reject: (e: unknown) => void } | undefined;
  const done = new Promise<LoginResult>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // The outcome may arrive while the browser is still being opened; it is awaited below.
  done.catch(() => undefined);
  let expected: { state: string; codeVerifier: string; redirectUri: string } | undefined;
  let handled = false;

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== callbackPath || !expected) {
      await answer(res, 404, 'Not found', 'This address only serves the Polydrive login callback.');
      return;
    }
    if (handled) {
      await answer(
        res,
        409,
        'Already done',
        'This login has already been handled; you can close this window.',
      );
      return;
    }
    const state = url.searchParams.get('state');
    if (!verifyOAuthState(expected.state, state)) {
      // Not ours (a stale tab or a forged request): refuse it and keep waiting for the real one.
      await answer(
        res,
        400,
        'Login refused',
        'The answer did not match this login attempt. Start the login again.',
      );
      return;
    }
    handled = true;
    const error = url.searchParams.get('error');
    const code = url.searchParams.get('code');
    if (error || !code) {
      await answer(
        res,
        400,
        'Login failed',
        'Microsoft did not grant access. You can close this window.',
      );
      settle?.reject(
        new PolydriveError('Unauthenticated', {
          message: `Microsoft sign-in ended without a code${error ? ` (${error})` : ''}.`,
          advice:
            error === 'access_denied'
              ? 'Accept the consent screen to connect the account.'
              : 'Start the login again; check the app registration if it keeps failing.',
          provider: 'onedrive',
          operation: 'login',
          ...(error ? { providerCode: error } : {}),
        }),
      );
      return;
    }
    try {
      const result = await auth.exchangeCode({
        code,
        codeVerifier: expected.codeVerifier,
        redirectUri: expected.redirectUri,
        ...(options.scopes ? { scopes: options.scopes } : {}),
      });
      await answer(
        res,
        200,
        'Signed in',
        'Polydrive is connected to OneDrive. You can close this window.',
      );
      settle?.resolve(result);
    } catch (err) {
      await answer(
        res,
        500,
        'Login failed',
        'The code could not be exchanged for tokens. You can close this window.',
      );
      settle?.reject(err);
    }
  };

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => settle?.reject(err));
  });
  const port = await listen(server, options.port ?? (Number(configured.port) || 8080));
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => settle?.reject(cancelledError(signal, 'login'));
  try {
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => {
      settle?.reject(
        new PolydriveError('Unauthenticated', {
          message: `No answer from the browser within ${Math.round(timeoutMs / 1000)} s.`,
          advice: 'Run the login again and finish it in the browser before the time runs out.',
          provider: 'onedrive',
          operation: 'login',
        }),
      );
    }, timeoutMs);
    const redirectUri = `http://${host}:${port}${callbackPath}`;
    const request = await auth.getAuthorizationUrl({
      redirectUri,
      ...(options.scopes ? { scopes: options.scopes } : {}),
      ...(options.loginHint ? { loginHint: options.loginHint } : {}),
    });
    expected = { state: request.state, codeVerifier: request.codeVerifier, redirectUri };
    const openBrowser = options.openBrowser ?? openSystemBrowser;
    const opened = Promise.resolve().then(() => openBrowser(request.url));
    return await Promise.race([opened.then(() => done), done]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
