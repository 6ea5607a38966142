import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { DemoEvents } from '../../connections/demo-events.js';

/**
 * `GET /api/events`: server-sent events for the open page, such as "OneDrive is throttling,
 * retrying in 2 s" while a request waits, and connection state changes.
 */
export function eventsRoute(events: DemoEvents): Hono {
  const app = new Hono();
  app.get('/', (c) =>
    streamSSE(c, async (stream) => {
      const stop = events.subscribe((event) => {
        stream.writeSSE({ event: event.type, data: JSON.stringify(event) }).catch(() => undefined);
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      stop();
    }),
  );
  return app;
}
