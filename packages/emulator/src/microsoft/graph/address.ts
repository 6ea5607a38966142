import { invalidRequest } from './errors.js';

/** Which drive a Graph URL names. */
export type DriveSelector =
  | { kind: 'me' }
  | { kind: 'id'; id: string }
  | { kind: 'site'; id: string };

/** The item part of a Graph URL: a base (root or id) and an optional colon path under it. */
export interface ItemAddress {
  base: { kind: 'root' } | { kind: 'id'; id: string };
  /** Decoded path segments from the colon form (`root:/a/b:`), or undefined without one. */
  path: string[] | undefined;
}

/** A parsed Graph drive URL (the part after `/v1.0`). */
export type GraphAddress =
  | { kind: 'me' }
  | {
      kind: 'drive';
      drive: DriveSelector;
      /** The drive prefix as written, e.g. `/me/drive` or `/drives/abc`, for building links. */
      prefix: string;
      item: ItemAddress | undefined;
      /** Decoded segments after the item, e.g. ['children'] or ['permissions', 'id']. */
      action: string[];
    };

/**
 * Parses `/me/drive/...`, `/drive/...`, `/drives/{id}/...` and `/sites/{site-id}/drive/...` (a
 * site's default document library; wire reference A.1) with items addressed as `root`,
 * `items/{id}` (`items/root` too) and colon paths relative to either, with or without the
 * trailing colon. Segments are percent-decoded after the colons are found, so `%3A` in a name
 * never splits a path.
 */
export function parseGraphPath(raw: string): GraphAddress {
  if (raw === '/me' || raw === '/me/') return { kind: 'me' };
  const driveMatch =
    /^\/me\/drive(?=$|\/)|^\/drive(?=$|\/)|^\/drives\/([^/]+)(?=$|\/)|^\/sites\/([^/]+)\/drive(?=$|\/)/.exec(
      raw,
    );
  if (!driveMatch) {
    const segment = raw.split('/')[1] ?? '';
    throw invalidRequest(`Resource not found for the segment '${decode(segment)}'.`);
  }
  const prefix = driveMatch[0];
  const drive: DriveSelector =
    driveMatch[1] !== undefined
      ? { kind: 'id', id: decode(driveMatch[1]) }
      : driveMatch[2] !== undefined
        ? { kind: 'site', id: decode(driveMatch[2]) }
        : { kind: 'me' };
  let rest = raw.slice(prefix.length);
  if (rest === '' || rest === '/')
    return { kind: 'drive', drive, prefix, item: undefined, action: [] };

  const baseMatch = /^\/root(?=$|\/|:)|^\/items\/([^/:]+)/.exec(rest);
  if (!baseMatch) {
    const segment = rest.split('/')[1] ?? '';
    throw invalidRequest(`Resource not found for the segment '${decode(segment)}'.`);
  }
  const id = baseMatch[1] === undefined ? undefined : decode(baseMatch[1]);
  const base: ItemAddress['base'] =
    id === undefined || id.toLowerCase() === 'root' ? { kind: 'root' } : { kind: 'id', id };
  rest = rest.slice(baseMatch[0].length);

  let path: string[] | undefined;
  if (rest.startsWith(':')) {
    const close = rest.indexOf(':', 1);
    path = splitItemPath(close === -1 ? rest.slice(1) : rest.slice(1, close));
    rest = close === -1 ? '' : rest.slice(close + 1);
  }
  return { kind: 'drive', drive, prefix, item: { base, path }, action: parseAction(rest) };
}

function splitItemPath(raw: string): string[] {
  if (raw === '' || raw === '/') return [];
  if (!raw.startsWith('/')) throw invalidRequest(`A colon path must start with '/', got '${raw}'.`);
  const segments = raw.slice(1).split('/');
  if (segments[segments.length - 1] === '') segments.pop();
  if (segments.some((segment) => segment === '')) {
    throw invalidRequest('The path contains an empty segment.', 'invalidPath');
  }
  return segments.map(decode);
}

function parseAction(raw: string): string[] {
  if (raw === '' || raw === '/') return [];
  if (!raw.startsWith('/')) throw invalidRequest(`Unexpected '${decode(raw)}' after the item.`);
  const body = raw.slice(1);
  if (/^search(\(|%28)/i.test(body)) return [decode(body)];
  return body
    .split('/')
    .filter((segment) => segment !== '')
    .map(decode);
}

/** Percent-decodes one segment; malformed escapes are a 400. */
export function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidRequest(`The segment '${segment}' is not validly percent-encoded.`);
  }
}

/** The text of `search(q='...')`, with doubled quotes undone; undefined when malformed. */
export function searchText(action: string): string | undefined {
  const match = /^search\(q='((?:[^']|'')*)'\)$/s.exec(action);
  return match ? (match[1] as string).replaceAll("''", "'") : undefined;
}
