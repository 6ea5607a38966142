import { PolydriveError } from '@polydrive/core';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Connections } from '../connections/connections.js';
import type { DemoEvents } from '../connections/demo-events.js';
import type { AppContext } from './app-context.js';
import { errorResponse } from './error-response.js';
import { localGuard } from './local-guard.js';
import { PendingLogins } from './pending-logins.js';
import { authRoutes } from './routes/auth-routes.js';
import { contentRoutes } from './routes/content-routes.js';
import { eventsRoute } from './routes/events-route.js';
import { fileRoutes } from './routes/file-routes.js';
import { staticRoutes } from './routes/static-routes.js';
import { transferRoute } from './routes/transfer-route.js';

/** What the web app serves. */
export interface DemoAppOptions {
  readonly connections: Connections;
  readonly events: DemoEvents;
  /** Uploads above this many bytes are refused with 413. */
  readonly maxUploadBytes: number;
  /** Where unexpected errors are reported (default console.error). */
  readonly log?: (line: string) => void;
  /** Sign-ins in progress (default a new store). */
  readonly pendingLogins?: PendingLogins;
}

/**
 * The demo's web app: the page, the JSON API over the connections' drives, the OAuth sign-in and
 * the event stream. Every API error is JSON `{ error: { code, message } }` with the
 * PolydriveError's code.
 */
export function createDemoApp(options: DemoAppOptions): Hono {
  const ctx: AppContext = {
    connections: options.connections,
    events: options.events,
    maxUploadBytes: options.maxUploadBytes,
    log: options.log ?? ((line) => console.error(line)),
    pendingLogins: options.pendingLogins ?? new PendingLogins(),
  };
  const app = new Hono();
  app.use(
    secureHeaders({
      strictTransportSecurity: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
    }),
  );
  app.use(localGuard(ctx.log));
  app.get('/api/connections', (c) => c.json({ connections: ctx.connections.views() }));
  app.post('/api/connections/:id/disconnect', async (c) => {
    const connection = ctx.connections.get(c.req.param('id'));
    await connection.disconnect();
    return c.json({ connection: connection.view() });
  });
  app.route('/api/connections', fileRoutes(ctx));
  app.route('/api/connections', contentRoutes(ctx));
  app.route('/api/transfer', transferRoute(ctx));
  app.route('/api/events', eventsRoute(ctx.events));
  app.route('/auth', authRoutes(ctx));
  app.route('/', staticRoutes());
  app.notFound((c) =>
    errorResponse(
      new PolydriveError('NotFound', {
        message: `Nothing is served at ${c.req.method} ${new URL(c.req.url).pathname}.`,
        advice: 'See apps/demo/README.md for the API.',
      }),
      ctx.log,
    ),
  );
  app.onError((err) => errorResponse(err, ctx.log));
  return app;
}
