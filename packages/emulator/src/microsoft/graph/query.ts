import { GRAPH_HOST } from '../hosts.js';
import type { GraphContext } from './context.js';
import { GraphError, invalidRequest } from './errors.js';

/** `$top`, validated against 1..maxPageSize; the default page size when absent. */
export function pageSize(context: GraphContext): number {
  const { options } = context.state;
  const raw = context.request.query.get('$top');
  if (raw === null) return options.defaultPageSize;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > options.maxPageSize) {
    throw invalidRequest(`$top must be an integer from 1 to ${options.maxPageSize}, got '${raw}'.`);
  }
  return top;
}

/** `$select` as a set of property names, or undefined when absent. */
export function selection(context: GraphContext): ReadonlySet<string> | undefined {
  const raw = context.request.query.get('$select');
  if (raw === null) return undefined;
  return new Set(
    raw
      .split(',')
      .map((field) => field.trim())
      .filter((field) => field !== ''),
  );
}

/** Rejects query options the emulator does not implement, rather than ignoring them. */
export function rejectUnsupportedOptions(context: GraphContext): void {
  for (const option of ['$filter', '$search', '$count', '$skip']) {
    if (context.request.query.has(option)) {
      throw new GraphError(400, 'notSupported', `The emulator does not support ${option}.`);
    }
  }
}

/** An opaque `$skiptoken` carrying `state`, bound to one kind of listing. */
export function encodeSkipToken(kind: string, state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ k: kind, ...state })).toString('base64url');
}

/** Decodes a `$skiptoken` of the given kind (undefined when absent); 400 when it is not one. */
export function decodeSkipToken(
  context: GraphContext,
  kind: string,
): Record<string, unknown> | undefined {
  const raw = context.request.query.get('$skiptoken') ?? context.request.query.get('$skipToken');
  if (raw === null) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (parsed && typeof parsed === 'object' && parsed.k === kind) return parsed;
  } catch {
    // Falls through to the 400 below.
  }
  throw invalidRequest('The $skiptoken is not valid for this request.');
}

/**
 * An absolute link to the same Graph path with the current query options, except that
 * `$skiptoken`/`token` are replaced by `replace`. Clients call it verbatim.
 */
export function sameRequestLink(context: GraphContext, replace: Record<string, string>): string {
  const pairs: Array<[string, string]> = [];
  for (const [key, value] of context.request.query) {
    if (key === '$skiptoken' || key === '$skipToken' || key === 'token') continue;
    pairs.push([key, value]);
  }
  for (const [key, value] of Object.entries(replace)) pairs.push([key, value]);
  const query = pairs
    .map(([key, value]) => `${encodeQueryPart(key)}=${encodeQueryPart(value)}`)
    .join('&');
  return context.state.links.to(GRAPH_HOST, `${context.request.path}${query ? `?${query}` : ''}`);
}

/** Percent-encodes a query key or value but keeps OData's readable `$`, `@` and `,`. */
function encodeQueryPart(text: string): string {
  return encodeURIComponent(text).replace(/%24|%40|%2C/g, (encoded) => decodeURIComponent(encoded));
}
