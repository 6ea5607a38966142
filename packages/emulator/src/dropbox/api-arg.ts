import type { EmulatorRequest } from '../server/request.js';
import { badInput } from './errors.js';

/**
 * The argument of a content-host route: the `Dropbox-API-Arg` header (or the `arg` query
 * parameter). Clients escape non-ASCII characters as `\uXXXX`; raw UTF-8 is accepted too: Node
 * hands header bytes over as latin1, so they are decoded again as UTF-8 first.
 */
export function contentArg(request: EmulatorRequest, route: string): unknown {
  const header = request.header('dropbox-api-arg');
  const text =
    header !== undefined
      ? Buffer.from(header, 'latin1').toString('utf8')
      : (request.query.get('arg') ?? undefined);
  if (text === undefined) {
    throw badInput(route, 'Must provide HTTP header "Dropbox-API-Arg" or URL parameter "arg".');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badInput(route, 'HTTP header "Dropbox-API-Arg": could not decode input as JSON');
  }
}

/** The argument of an RPC route: the JSON body; an empty body is `null`. */
export async function rpcArg(request: EmulatorRequest, route: string): Promise<unknown> {
  const body = await request.body(4 * 1024 * 1024);
  if (body.length === 0) return null;
  const type = (request.header('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/json') && !type.includes('charset=dropbox-cors-hack')) {
    throw badInput(
      route,
      `Bad HTTP "Content-Type" header: "${type}". Expecting one of "application/json", "application/json; charset=utf-8", "text/plain; charset=dropbox-cors-hack".`,
    );
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw badInput(route, 'request body: could not decode input as JSON');
  }
}

/** JSON for an HTTP header: every character from U+007F up written as `\uXXXX`, as Dropbox does. */
export function headerSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
