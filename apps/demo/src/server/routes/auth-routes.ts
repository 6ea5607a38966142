import { createOAuthState, isPolydriveError, verifyOAuthState } from '@polydrive/core';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Connection } from '../../connections/connection.js';
import type { AppContext } from '../app-context.js';
import { LOGIN_TIMEOUT_MS } from '../pending-logins.js';

/** The path providers redirect back to; register `http://127.0.0.1:3000/auth/callback`. */
export const CALLBACK_PATH = '/auth/callback';

/**
 * The OAuth sign-in under `/auth`: `GET /auth/:id/connect` sends the browser to the provider's
 * consent page with a fresh `state` (kept server-side, and in an HttpOnly cookie that binds the
 * sign-in to this browser); `GET /auth/callback` checks both, then exchanges the code. The
 * provider's tokens go to its token store; the browser never sees them.
 */
export function authRoutes(ctx: AppContext): Hono {
  const { connections, pendingLogins } = ctx;
  const app = new Hono();

  app.get('/:id/connect', async (c) => {
    const connection = connections.get(c.req.param('id'));
    if (!connection.canSignIn) {
      return problemPage(c, 400, `${connection.label} has no sign-in in this demo.`);
    }
    const state = createOAuthState();
    const redirectUri = new URL(CALLBACK_PATH, c.req.url).href;
    const { url, codeVerifier } = await connection.beginLogin(redirectUri, state);
    pendingLogins.add(state, { connectionId: connection.id, codeVerifier, redirectUri });
    setCookie(c, cookieName(connection.id), state, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/auth',
      maxAge: LOGIN_TIMEOUT_MS / 1000,
    });
    return c.redirect(url, 302);
  });

  app.get('/callback', async (c) => {
    const state = c.req.query('state') ?? '';
    const pending = state ? pendingLogins.take(state) : undefined;
    if (!pending) {
      return problemPage(
        c,
        400,
        'This sign-in is unknown or has expired (or was already used). Start it again from the demo page.',
      );
    }
    const connection = connections.get(pending.connectionId);
    const cookie = getCookie(c, cookieName(connection.id)) ?? '';
    deleteCookie(c, cookieName(connection.id), { path: '/auth' });
    if (!verifyOAuthState(cookie, state)) {
      return problemPage(
        c,
        400,
        'This sign-in was started in another browser or tab. Start it again from the demo page.',
      );
    }
    await finishLogin(c, connection, pending.codeVerifier, pending.redirectUri);
    return c.redirect(`/#/${encodeURIComponent(connection.id)}/`, 302);
  });

  return app;
}

async function finishLogin(
  c: Context,
  connection: Connection,
  codeVerifier: string,
  redirectUri: string,
): Promise<void> {
  const refused = c.req.query('error');
  const code = c.req.query('code');
  if (refused !== undefined || !code) {
    const reason = refused ? ` (${refused.replace(/[^\w.-]/g, '')})` : '';
    connection.noteLoginFailure(
      `${connection.label} did not grant access${reason}. Connect again to retry.`,
    );
    return;
  }
  try {
    await connection.completeLogin(code, codeVerifier, redirectUri);
  } catch (err) {
    connection.noteLoginFailure(
      isPolydriveError(err) ? err.message : `Signing in to ${connection.label} failed.`,
    );
  }
}

function cookieName(connectionId: string): string {
  return `polydrive_oauth_${connectionId}`;
}

function problemPage(c: Context, status: 400, message: string): Response {
  const text = message.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in problem</title>` +
      `<link rel="stylesheet" href="/style.css"></head><body><main class="problem"><h1>Sign-in problem</h1>` +
      `<p>${text}</p><p><a href="/">Back to the demo</a></p></main></body></html>`,
    status,
  );
}
