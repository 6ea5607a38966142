import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';

/** The page's files: a fixed list, so no request path ever reaches the file system. */
const FILES: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** The folder the page's files live in (`apps/demo/public`, beside `src` and `dist`). */
export const PUBLIC_DIR = new URL('../../../public/', import.meta.url);

/** Serves the page: one HTML file, one script, one style sheet. */
export function staticRoutes(publicDir: URL = PUBLIC_DIR): Hono {
  const app = new Hono();
  for (const [path, { file, type }] of Object.entries(FILES)) {
    app.get(path, async (c) => {
      const body = await readFile(new URL(file, publicDir));
      return c.body(body, 200, { 'content-type': type, 'cache-control': 'no-cache' });
    });
  }
  return app;
}
