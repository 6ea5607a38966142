import { type Drive, type Entry, PolydriveError } from '@polydrive/core';
import { Hono } from 'hono';
import type { AppContext } from '../app-context.js';
import { entryJson } from '../entry-json.js';
import { readJsonObject, requiredString } from '../request-input.js';

/** One end of a transfer: a connection and a path in it. */
interface Place {
  readonly connection: string;
  readonly path: string;
}

/**
 * `POST /api/transfer`: copies or moves a file or folder to a path in the same or another
 * connection. Within one connection it is the provider's own copy or move; across connections
 * the bytes stream from one provider to the other, and a move then deletes the source.
 */
export function transferRoute(ctx: AppContext): Hono {
  const { connections } = ctx;
  const app = new Hono();
  app.post('/', async (c) => {
    const body = await readJsonObject(c);
    const from = place(body.from, 'from');
    const to = place(body.to, 'to');
    const mode = body.mode ?? 'copy';
    if (mode !== 'copy' && mode !== 'move') {
      throw new PolydriveError('InvalidArgument', {
        message: `Unknown transfer mode ${JSON.stringify(mode)}.`,
        advice: 'Use "copy" or "move".',
      });
    }
    const entry = await connections.use(from.connection, (source) =>
      from.connection === to.connection
        ? source[mode](from.path, to.path)
        : connections.use(to.connection, (target) =>
            across(source, from.path, target, to.path, mode),
          ),
    );
    return c.json({ entry: entryJson(entry), mode });
  });
  return app;
}

async function across(
  source: Drive,
  from: string,
  target: Drive,
  to: string,
  mode: 'copy' | 'move',
): Promise<Entry> {
  const entry = await source.transfer(from, target, to);
  if (mode === 'move') await source.delete(from, { recursive: true });
  return entry;
}

function place(value: unknown, field: string): Place {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  return {
    connection: requiredString(record.connection, `${field}.connection`),
    path: requiredString(record.path, `${field}.path`),
  };
}
