import { Hono } from 'hono';
import type { AppContext } from '../app-context.js';
import { collectUpTo } from '../collect.js';
import { entryJson } from '../entry-json.js';
import { conflictPolicy, queryPath, readJsonObject, requiredString } from '../request-input.js';

/** Most entries one listing returns; the page says when a folder has more. */
export const LIST_LIMIT = 10_000;

/** Most results one search returns. */
export const SEARCH_LIMIT = 500;

/**
 * The JSON file API of one connection, under `/api/connections/:id`: list, stat, mkdir, move,
 * copy, delete and search. Paths go to the Drive facade as given; it validates them.
 */
export function fileRoutes(ctx: AppContext): Hono {
  const { connections } = ctx;
  const app = new Hono();

  app.get('/:id/list', async (c) => {
    const path = queryPath(c);
    const { items, truncated } = await connections.use(c.req.param('id'), (drive) =>
      collectUpTo(drive.list(path), LIST_LIMIT),
    );
    return c.json({ path, entries: items.map(entryJson), truncated });
  });

  app.get('/:id/stat', async (c) => {
    const path = queryPath(c);
    const entry = await connections.use(c.req.param('id'), (drive) => drive.stat(path));
    return c.json({ entry: entryJson(entry) });
  });

  app.post('/:id/mkdir', async (c) => {
    const path = requiredString((await readJsonObject(c)).path, 'path');
    const entry = await connections.use(c.req.param('id'), (drive) => drive.mkdir(path));
    return c.json({ entry: entryJson(entry) }, 201);
  });

  for (const operation of ['move', 'copy'] as const) {
    app.post(`/:id/${operation}`, async (c) => {
      const body = await readJsonObject(c);
      const from = requiredString(body.from, 'from');
      const to = requiredString(body.to, 'to');
      const conflict = conflictPolicy(body.conflict);
      const entry = await connections.use(c.req.param('id'), (drive) =>
        drive[operation](from, to, { conflict }),
      );
      return c.json({ entry: entryJson(entry) });
    });
  }

  app.post('/:id/delete', async (c) => {
    const body = await readJsonObject(c);
    const path = requiredString(body.path, 'path');
    const recursive = body.recursive === true;
    await connections.use(c.req.param('id'), (drive) => drive.delete(path, { recursive }));
    return c.body(null, 204);
  });

  app.get('/:id/search', async (c) => {
    const text = requiredString(c.req.query('q'), 'q');
    const within = c.req.query('path');
    const { items, truncated } = await connections.use(c.req.param('id'), (drive) =>
      collectUpTo(drive.search(text, within && within !== '/' ? { within } : {}), SEARCH_LIMIT),
    );
    return c.json({ query: text, entries: items.map(entryJson), truncated });
  });

  return app;
}
