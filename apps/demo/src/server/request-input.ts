import { type ConflictPolicy, PolydriveError } from '@polydrive/core';
import type { Context } from 'hono';

/**
 * The JSON object in a request body. Only `application/json` is read: a cross-site form cannot
 * send that type without a CORS preflight, which this server never grants.
 */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new PolydriveError('InvalidArgument', {
      message: `This endpoint reads JSON, but the request's Content-Type is ${JSON.stringify(type)}.`,
      advice: 'Send the body as JSON with Content-Type: application/json.',
    });
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (err) {
    throw new PolydriveError('InvalidArgument', {
      message: 'The request body is not valid JSON.',
      advice: 'Send a JSON object.',
      cause: err,
    });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PolydriveError('InvalidArgument', {
      message: 'The request body must be a JSON object.',
      advice: 'Send an object such as {"path": "/folder"}.',
    });
  }
  return body as Record<string, unknown>;
}

/** A string field of a body or query; the Drive facade validates paths themselves. */
export function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new PolydriveError('InvalidArgument', {
      message: `The field ${field} is missing or not a string.`,
      advice: `Send ${field} as a non-empty string, e.g. "/folder/file.txt".`,
    });
  }
  return value;
}

/** The path in the query string; the root when absent. */
export function queryPath(c: Context): string {
  return c.req.query('path') ?? '/';
}

const POLICIES: readonly ConflictPolicy[] = ['fail', 'replace', 'rename'];

/** What to do when a name is taken: `fail` (the default), `replace` or `rename`. */
export function conflictPolicy(value: unknown): ConflictPolicy {
  if (value === undefined || value === null || value === '') return 'fail';
  if (typeof value === 'string' && (POLICIES as readonly string[]).includes(value)) {
    return value as ConflictPolicy;
  }
  throw new PolydriveError('InvalidArgument', {
    message: `Unknown conflict policy ${JSON.stringify(value)}.`,
    advice: `Use one of: ${POLICIES.join(', ')}.`,
  });
}
