import { type EmulatorResponse, htmlResponse } from '../server/response.js';

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A small HTML error page, as www.dropbox.com shows. */
export function errorPage(status: number, message: string): EmulatorResponse {
  return htmlResponse(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error - Dropbox</title></head><body><h1>Error (${status})</h1><p>${escapeHtml(message)}</p></body></html>\n`,
  );
}
