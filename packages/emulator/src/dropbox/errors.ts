import { randomInt } from 'node:crypto';
import { type EmulatorResponse, jsonResponse } from '../server/response.js';

/**
 * A value of a Dropbox union, as the API serialises it: `{".tag": tag}` plus the fields of a
 * struct member flattened beside the tag, or the nested union under the tag's name.
 */
export interface UnionValue {
  readonly tag: string;
  readonly inner?: UnionValue;
  readonly fields?: Record<string, unknown>;
}

/** Builds a union value: `union('path', union('not_found'))`. */
export function union(
  tag: string,
  inner?: UnionValue,
  fields?: Record<string, unknown>,
): UnionValue {
  return { tag, ...(inner ? { inner } : {}), ...(fields ? { fields } : {}) };
}

/** The JSON form of a union value. */
export function unionJson(value: UnionValue): Record<string, unknown> {
  const json: Record<string, unknown> = { '.tag': value.tag, ...value.fields };
  if (value.inner) json[value.tag] = unionJson(value.inner);
  return json;
}

/** The tag chain `path/not_found` of a union value. */
function unionSummary(value: UnionValue): string {
  return value.inner ? `${value.tag}/${unionSummary(value.inner)}` : value.tag;
}

/**
 * An error answer: its status and body. Route errors are 409 JSON with `error_summary` (the tag
 * chain, then `/` and one to three dots, so that clients must prefix-match) and `error`; bad input
 * is 400 plain text; auth errors 401 JSON; rate limits 429 JSON with Retry-After.
 */
export class DropboxError extends Error {
  constructor(
    readonly status: number,
    readonly body: { kind: 'json'; value: unknown } | { kind: 'text'; text: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(body.kind === 'text' ? body.text : `HTTP ${status}`);
  }
}

/** The `error_summary` of a union: its tag chain, a slash and some dots. */
function errorSummary(value: UnionValue): string {
  return `${unionSummary(value)}/${'.'.repeat(randomInt(1, 4))}`;
}

/** 409: the route's own error. */
export function routeError(value: UnionValue): DropboxError {
  return new DropboxError(409, {
    kind: 'json',
    value: { error_summary: errorSummary(value), error: unionJson(value) },
  });
}

/** 400 with the plain-text body Dropbox sends for bad input. */
export function badInput(route: string, message: string): DropboxError {
  return new DropboxError(400, {
    kind: 'text',
    text: `Error in call to API function "${route}": ${message}`,
  });
}

/** 401 AuthError: `expired_access_token`, `invalid_access_token`, ... */
export function authError(tag: string): DropboxError {
  const value = union(tag);
  return new DropboxError(
    401,
    { kind: 'json', value: { error_summary: errorSummary(value), error: unionJson(value) } },
    { 'www-authenticate': 'Bearer realm="Dropbox-API"' },
  );
}

/** 429 RateLimitError with the reason and Retry-After in seconds. */
export function rateLimited(
  reason: 'too_many_requests' | 'too_many_write_operations',
  retryAfterSeconds: number,
): DropboxError {
  return new DropboxError(
    429,
    {
      kind: 'json',
      value: {
        error_summary: `${reason}/${'.'.repeat(randomInt(1, 4))}`,
        error: { reason: { '.tag': reason }, retry_after: retryAfterSeconds },
      },
    },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

/** A 5xx answer with a plain-text body. */
export function serverError(status: number, headers: Record<string, string> = {}): DropboxError {
  const text = status === 503 ? 'Service Unavailable' : 'Internal Server Error';
  return new DropboxError(status, { kind: 'text', text }, headers);
}

/** The HTTP response for an error, carrying the request id. */
export function errorResponse(error: DropboxError, requestId: string): EmulatorResponse {
  const headers = { 'x-dropbox-request-id': requestId, ...error.headers };
  if (error.body.kind === 'json') return jsonResponse(error.status, error.body.value, headers);
  return {
    status: error.status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
    body: Buffer.from(error.body.text),
  };
}

/** 409 whose `error` is `json` (a struct member) and whose summary is `summary`'s tag chain. */
export function routeErrorJson(summary: UnionValue, json: Record<string, unknown>): DropboxError {
  return new DropboxError(409, {
    kind: 'json',
    value: { error_summary: errorSummary(summary), error: json },
  });
}
