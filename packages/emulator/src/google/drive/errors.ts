import { BodyTooLargeError } from '../../server/request.js';
import { type EmulatorResponse, jsonResponse } from '../../server/response.js';

/** Reasons Drive files under the `usageLimits` domain. */
const USAGE_LIMIT_REASONS = new Set([
  'userRateLimitExceeded',
  'rateLimitExceeded',
  'dailyLimitExceeded',
  'sharingRateLimitExceeded',
]);

/** Where in the request the problem is, as Drive reports it. */
export interface ErrorLocation {
  readonly location: string;
  readonly locationType: 'parameter' | 'header' | 'body';
}

/** A Drive error to answer with (wire reference B.8). */
export class DriveError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly where?: ErrorLocation,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The JSON body Drive sends: `{ error: { code, message, errors: [...], status } }`. */
export function driveErrorResponse(error: DriveError): EmulatorResponse {
  const detail: Record<string, string> = {
    domain: USAGE_LIMIT_REASONS.has(error.reason) ? 'usageLimits' : 'global',
    reason: error.reason,
    message: error.message,
  };
  if (error.where) {
    detail.locationType = error.where.locationType;
    detail.location = error.where.location;
  }
  return jsonResponse(
    error.status,
    {
      error: {
        code: error.status,
        message: error.message,
        errors: [detail],
        status: grpcStatus(error.status),
      },
    },
    { vary: 'Origin, X-Origin', ...error.headers },
  );
}

/** Turns what a handler threw into a response; rethrows what is not a known error. */
export function driveFailure(error: unknown): EmulatorResponse {
  if (error instanceof DriveError) return driveErrorResponse(error);
  if (error instanceof BodyTooLargeError) {
    return driveErrorResponse(
      new DriveError(413, 'uploadTooLarge', `The upload is larger than ${error.limit} bytes.`),
    );
  }
  if (error instanceof SyntaxError) {
    return driveErrorResponse(new DriveError(400, 'parseError', 'Parse Error'));
  }
  throw error;
}

/** 404 notFound for a file id. */
export function fileNotFound(fileId: string): DriveError {
  return new DriveError(404, 'notFound', `File not found: ${fileId}.`, {
    location: 'fileId',
    locationType: 'parameter',
  });
}

/** 404 notFound for a shared drive id. */
export function sharedDriveNotFound(driveId: string): DriveError {
  return new DriveError(404, 'notFound', `Shared drive not found: ${driveId}`, {
    location: 'driveId',
    locationType: 'parameter',
  });
}

/** 400 invalid, for a bad parameter value. */
export function invalidValue(message: string, location?: string): DriveError {
  return new DriveError(
    400,
    'invalid',
    message,
    location ? { location, locationType: 'parameter' } : undefined,
  );
}

/** 400 badRequest. */
export function badRequest(message: string): DriveError {
  return new DriveError(400, 'badRequest', message);
}

/** 403 insufficientFilePermissions. */
export function insufficientPermissions(message?: string): DriveError {
  return new DriveError(
    403,
    'insufficientFilePermissions',
    message ?? 'The user does not have sufficient permissions for this file.',
  );
}

/** 403 storageQuotaExceeded. */
export function storageQuotaExceeded(): DriveError {
  return new DriveError(
    403,
    'storageQuotaExceeded',
    "The user's Drive storage quota has been exceeded.",
  );
}

/** The reason Drive usually sends with a status, for injected status faults. */
export function reasonForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'badRequest';
    case 401:
      return 'authError';
    case 403:
      return 'insufficientFilePermissions';
    case 404:
      return 'notFound';
    case 412:
      return 'conditionNotMet';
    case 429:
      return 'rateLimitExceeded';
    default:
      return status >= 500 ? 'backendError' : 'badRequest';
  }
}

/** The message Drive gives with a reason, for injected faults. */
export function messageForReason(reason: string): string {
  switch (reason) {
    case 'userRateLimitExceeded':
      return 'User rate limit exceeded.';
    case 'rateLimitExceeded':
      return 'Rate limit exceeded.';
    case 'dailyLimitExceeded':
      return 'Daily Limit Exceeded';
    case 'sharingRateLimitExceeded':
      return 'Rate limit exceeded. User message: "Sorry, you have exceeded your sharing quota."';
    case 'storageQuotaExceeded':
      return "The user's Drive storage quota has been exceeded.";
    case 'backendError':
      return 'Backend Error';
    case 'authError':
      return 'Invalid Credentials';
    case 'notFound':
      return 'File not found.';
    default:
      return 'Injected fault.';
  }
}

function grpcStatus(status: number): string {
  switch (status) {
    case 400:
      return 'INVALID_ARGUMENT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'PERMISSION_DENIED';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'ALREADY_EXISTS';
    case 412:
      return 'FAILED_PRECONDITION';
    case 429:
      return 'RESOURCE_EXHAUSTED';
    case 501:
      return 'UNIMPLEMENTED';
    case 503:
      return 'UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION';
  }
}
