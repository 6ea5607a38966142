import { BodyTooLargeError, type EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, emptyResponse, jsonResponse } from '../../server/response.js';
import type { MicrosoftState } from '../state.js';
import { GraphError, graphErrorResponse, invalidRequest, requestIds } from './errors.js';

/** A Graph JSON response carrying the request-id headers. */
export function graphJson(
  request: EmulatorRequest,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(status, value, { ...requestIds(request), ...headers });
}

/** A Graph response without a body, carrying the request-id headers. */
export function graphEmpty(
  request: EmulatorRequest,
  status: number,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return emptyResponse(status, { ...requestIds(request), ...headers });
}

/** Turns what a Graph handler threw into a response; rethrows what is not a known error. */
export function graphFailure(
  state: MicrosoftState,
  request: EmulatorRequest,
  error: unknown,
): EmulatorResponse {
  const known = asGraphError(error);
  if (!known) throw error;
  return graphErrorResponse(known, request, state.now(), state.options.errorDetailStyle);
}

function asGraphError(error: unknown): GraphError | undefined {
  if (error instanceof GraphError) return error;
  if (error instanceof BodyTooLargeError) {
    return new GraphError(
      413,
      'invalidRequest',
      `The request body is larger than the ${error.limit} bytes allowed here.`,
      'maxFileSizeExceeded',
    );
  }
  if (error instanceof SyntaxError) return invalidRequest('The request body is not valid JSON.');
  return undefined;
}

/** The request body as a JSON object (an empty body gives `{}`); 400 for anything else. */
export async function readJsonObject(request: EmulatorRequest): Promise<Record<string, unknown>> {
  const value = await request.json();
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidRequest('The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** Parses `fileSystemInfo` times from a request body; 400 when a date is not ISO 8601. */
export function parseFileSystemInfo(value: unknown): { created?: number; modified?: number } {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw invalidRequest('fileSystemInfo must be an object.');
  const info = value as Record<string, unknown>;
  const out: { created?: number; modified?: number } = {};
  const created = parseDate(info.createdDateTime, 'fileSystemInfo.createdDateTime');
  const modified = parseDate(info.lastModifiedDateTime, 'fileSystemInfo.lastModifiedDateTime');
  if (created !== undefined) out.created = created;
  if (modified !== undefined) out.modified = modified;
  return out;
}

function parseDate(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time))
    throw invalidRequest(`${field} must be an ISO 8601 date, got '${String(value)}'.`);
  return time;
}
