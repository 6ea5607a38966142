import { isoSeconds } from '../../server/clock.js';
import type { EmulatorRequest } from '../../server/request.js';
import { type EmulatorResponse, jsonResponse } from '../../server/response.js';

/** A Graph error to answer with: status, top-level code, message and an optional detail code. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** OneDrive detail code, e.g. `fragmentOverlap`, sent as `innererror.code`. */
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Renders a Graph error body per the wire reference (A.9), with request ids in body and headers. */
export function graphErrorResponse(
  error: GraphError,
  request: EmulatorRequest,
  now: number,
  style: 'separate' | 'merged',
): EmulatorResponse {
  const ids = requestIds(request);
  const innerError: Record<string, string> = {
    date: isoSeconds(now).replace('Z', ''),
    'request-id': ids['request-id'],
    'client-request-id': ids['client-request-id'],
  };
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.detail && style === 'separate') body.innererror = { code: error.detail };
  body.innerError =
    error.detail && style === 'merged' ? { code: error.detail, ...innerError } : innerError;
  return jsonResponse(error.status, { error: body }, { ...ids, ...error.headers });
}

/** The `request-id` and `client-request-id` headers of a Graph response. */
export function requestIds(request: EmulatorRequest): {
  'request-id': string;
  'client-request-id': string;
} {
  return {
    'request-id': request.requestId,
    'client-request-id': request.header('client-request-id') ?? request.requestId,
  };
}

/** 400 invalidRequest. */
export function invalidRequest(message: string, detail?: string): GraphError {
  return new GraphError(400, 'invalidRequest', message, detail);
}

/** 404 itemNotFound. */
export function itemNotFound(
  message = 'The resource could not be found.',
  detail?: string,
): GraphError {
  return new GraphError(404, 'itemNotFound', message, detail);
}

/** 409 nameAlreadyExists. */
export function nameAlreadyExists(name: string): GraphError {
  return new GraphError(
    409,
    'nameAlreadyExists',
    `The specified item name already exists. Name: ${name}`,
  );
}

/** 412 resourceModified, for a stale If-Match. */
export function preconditionFailed(): GraphError {
  return new GraphError(
    412,
    'resourceModified',
    "ETag does not match current item's value",
    'entityTagDoesNotMatch',
  );
}

/** 403 accessDenied. */
export function accessDenied(message: string): GraphError {
  return new GraphError(403, 'accessDenied', message);
}

/** The Graph error code usually sent with a given status, for injected status faults. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'invalidRequest';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'accessDenied';
    case 404:
      return 'itemNotFound';
    case 409:
      return 'nameAlreadyExists';
    case 412:
      return 'resourceModified';
    case 429:
      return 'activityLimitReached';
    case 501:
      return 'notSupported';
    case 503:
      return 'serviceNotAvailable';
    case 504:
      return 'gatewayTimeout';
    case 507:
      return 'quotaLimitReached';
    default:
      return status >= 500 ? 'generalException' : 'invalidRequest';
  }
}
