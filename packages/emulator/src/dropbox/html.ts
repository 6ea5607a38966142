import { escapeHtml } from '../server/html.js';
import { type EmulatorResponse, htmlResponse } from '../server/response.js';

/** A small HTML error page, as www.dropbox.com shows. */
export function errorPage(status: number, message: string): EmulatorResponse {
  return htmlResponse(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error - Dropbox</title></head><body><h1>Error (${status})</h1><p>${escapeHtml(message)}</p></body></html>\n`,
  );
}
