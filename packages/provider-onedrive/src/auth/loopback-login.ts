import {
  createOAuthState,
  DEFAULT_LOOPBACK_PORT,
  isPolydriveError,
  listenForOAuthCallback,
  openBrowser,
} from '@polydrive/core';
import type { LoginResult, OneDriveAuth } from './onedrive-auth.js';

/** Options of {@link loginWithLoopback}. */
export interface LoopbackLoginOptions {
  readonly auth: OneDriveAuth;
  /**
   * Port on 127.0.0.1 to listen on: by default the port of the auth's redirect URI (8080 for the
   * default `http://localhost:8080/callback`); 0 picks a free one. The path is always `/callback`.
   */
  readonly port?: number;
  /** Give up after this many ms without an answer from the browser. Default 5 minutes. */
  readonly timeoutMs?: number;
  /** Opens the authorization URL; default: the system browser (open, xdg-open or rundll32). */
  readonly openBrowser?: (url: string) => unknown;
  readonly scopes?: readonly string[];
  readonly loginHint?: string;
  readonly signal?: AbortSignal;
}

/**
 * Signs a user in through the browser with core's loopback callback server (127.0.0.1 only,
 * `state` checked in constant time), then exchanges the code with PKCE and saves the login in
 * the auth's token store.
 */
export async function loginWithLoopback(options: LoopbackLoginOptions): Promise<LoginResult> {
  const { auth } = options;
  const configured = new URL(auth.defaultRedirectUri);
  const state = createOAuthState();
  const callback = await listenForOAuthCallback({
    state,
    // Entra ID matches loopback redirect URIs on scheme, host and path but lets the port vary.
    port: options.port ?? (Number(configured.port) || DEFAULT_LOOPBACK_PORT),
    redirectHost: configured.hostname === '127.0.0.1' ? '127.0.0.1' : 'localhost',
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  }).catch((err: unknown) => {
    throw isPolydriveError(err) ? err.withContext({ provider: 'onedrive' }) : err;
  });
  try {
    const request = await auth.getAuthorizationUrl({
      redirectUri: callback.redirectUri,
      state,
      ...(options.scopes ? { scopes: options.scopes } : {}),
      ...(options.loginHint ? { loginHint: options.loginHint } : {}),
    });
    const code = callback.waitForCode();
    await (options.openBrowser ?? openBrowser)(request.url);
    return await auth.exchangeCode({
      code: await code.catch((err: unknown) => {
        throw isPolydriveError(err) ? err.withContext({ provider: 'onedrive' }) : err;
      }),
      codeVerifier: request.codeVerifier,
      redirectUri: callback.redirectUri,
      ...(options.scopes ? { scopes: options.scopes } : {}),
    });
  } finally {
    await callback.close();
  }
}
