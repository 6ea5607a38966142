/** What a provider emulator answers; the server writes it (or half of it, for a drop fault). */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** One Buffer, or pieces sent one after the other (large files, never joined into one). */
  body?: Buffer | readonly Buffer[];
}

/** A JSON response. */
export function jsonResponse(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: Buffer.from(JSON.stringify(value)),
  };
}

/** A response without a body (204, 202 with Location, 302, ...). */
export function emptyResponse(
  status: number,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return { status, headers };
}

/** An HTML page. */
export function htmlResponse(
  status: number,
  html: string,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
    body: Buffer.from(html),
  };
}
