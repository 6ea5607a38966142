import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, jsonResponse } from '../../server/response.js';
import {
  parseFields,
  project,
  type ResourceName,
  type Selection,
  selectedKeys,
} from '../files/fields.js';
import type { DriveFile } from '../files/file.js';
import { renderFile } from '../files/render.js';
import type { DriveContext } from './context.js';
import { badRequest } from './errors.js';

/** Default fields of a file when the request names none (wire reference B.2). */
export const DEFAULT_FILE_FIELDS = 'kind,id,name,mimeType';

/**
 * The response's JSON: the full resource projected on the request's `fields`, or on the
 * method's default selection when `fields` is absent.
 */
export function select(
  query: URLSearchParams,
  resource: ResourceName,
  value: unknown,
  defaults: string,
): unknown {
  return project(value, selection(query, resource, defaults));
}

/** The request's `fields` parsed for `resource`, or the method's default selection. */
export function selection(
  query: URLSearchParams,
  resource: ResourceName,
  defaults: string,
): Selection {
  const given = query.get('fields');
  return parseFields(given === null || given.trim() === '' ? defaults : given, resource);
}

/** A JSON answer. */
export function driveJson(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return jsonResponse(status, value, { vary: 'Origin, X-Origin', ...headers });
}

/** A file resource answer, honouring `fields`. */
export function fileResponse(
  context: DriveContext,
  file: DriveFile,
  headers: Record<string, string> = {},
): EmulatorResponse {
  const fields = selection(context.query, 'File', DEFAULT_FILE_FIELDS);
  const rendered = renderFile(context.state, file, context.account, selectedKeys(fields));
  return driveJson(200, project(rendered, fields), headers);
}

/** The request body as a JSON object (an empty body gives `{}`); 400 for anything else. */
export async function readJsonObject(request: EmulatorRequest): Promise<Record<string, unknown>> {
  const value = await request.json();
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('The request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** `pageSize` within 1..max (larger values are lowered, as Drive does); 400 when not a number. */
export function pageSize(context: DriveContext): number {
  const text = context.query.get('pageSize');
  const { defaultPageSize, maxPageSize } = context.state.options;
  if (text === null) return defaultPageSize;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw badRequest(
      `Invalid value '${text}'. Values must be within the range: [1, ${maxPageSize}]`,
    );
  }
  return Math.min(value, maxPageSize);
}

/**
 * How many items a page holds: the page size, or half of it on every other page when the
 * emulator is told to give short pages (clients must follow nextPageToken, not count items).
 */
export function pageFill(context: DriveContext, size: number, pageIndex: number): number {
  if (!context.state.options.shortPages || pageIndex % 2 === 0) return size;
  return Math.floor(size / 2);
}
