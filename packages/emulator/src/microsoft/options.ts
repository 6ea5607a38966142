import type { DriveType } from './graph/drive.js';

/** A Microsoft account to create, with its OneDrive. */
export interface MicrosoftAccountSeed {
  /** Sign-in name, also the account's handle in the control API. */
  email: string;
  displayName?: string;
  /** `personal` (OneDrive) or `business` (OneDrive for Business); defaults to personal. */
  driveType?: DriveType;
  /** Entra tenant id for business accounts; a random GUID by default. */
  tenantId?: string;
  /** Quota total in bytes; 5 GiB (personal) or 1 TiB (business) by default. */
  quotaTotal?: number;
  /** Extra hashes to print beside quickXorHash; personal: sha1 and sha256, business: none. */
  hashes?: Array<'sha1' | 'sha256'>;
}

/** An app registration the token endpoint knows. */
export interface MicrosoftClientSeed {
  clientId: string;
  /** Set for a confidential client: the token endpoint then requires it. */
  clientSecret?: string;
  /** When given, authorize and token requests must use one of these redirect URIs. */
  redirectUris?: string[];
}

/** Options of the Microsoft emulation. Values marked [K] in the wire reference are configurable here. */
export interface MicrosoftOptions {
  /** Accounts to create at start. */
  accounts?: MicrosoftAccountSeed[];
  /** Fixed bearer tokens, token -> account email; they never expire. */
  staticTokens?: Record<string, string>;
  /** App registrations. */
  clients?: MicrosoftClientSeed[];
  /** Accept client ids that were not registered (as public clients); default true. */
  acceptAnyClient?: boolean;
  /** Access-token lifetime; default 3600 s. */
  accessTokenLifetimeSeconds?: number;
  /** Refresh-token lifetime; default 90 days. */
  refreshTokenLifetimeSeconds?: number;
  /** Authorization-code lifetime; default 600 s. */
  authCodeLifetimeSeconds?: number;
  /** What happens to a refresh token once it has been used: `keep` working until expiry (default) or `revoke`. */
  rotatedRefreshTokens?: 'keep' | 'revoke';
  /** Largest simple (PUT content) upload; default 250 MiB. */
  maxSimpleUploadBytes?: number;
  /** Create missing parent folders on path-addressed uploads (personal behaviour); default true. */
  autoCreateParents?: boolean;
  /** Upload-session lifetime, extended by every fragment; default 3600 s. */
  uploadSessionLifetimeSeconds?: number;
  /** Non-final fragments must be a multiple of this; default 327,680 (320 KiB); 0 disables the rule. */
  uploadChunkMultiple?: number;
  /** Largest fragment; default 60 MiB. */
  maxUploadChunkBytes?: number;
  /** Status for a fragment over the maximum: 413 (default) or 400 with maxFragmentLengthExceeded. */
  oversizeChunkStatus?: 413 | 400;
  /** Answer 401 when a request to an upload URL carries Authorization; default false. */
  rejectAuthorizationOnUploadUrl?: boolean;
  /** Conflict behaviour of createUploadSession when the body names none; default `fail`. */
  uploadSessionConflictBehavior?: ConflictBehavior;
  /** Lifetime of pre-authenticated download URLs; default 3600 s. */
  downloadUrlLifetimeSeconds?: number;
  /** How many monitor polls report `inProgress` before `completed`; default 1. */
  copyInProgressPolls?: number;
  /** HTTP status of a completed copy monitor: 202 (documented, default), 200, or 303 to the new item. */
  copyCompletedStatus?: 200 | 202 | 303;
  /** Page size when `$top` is absent; default 200. */
  defaultPageSize?: number;
  /** Largest `$top`; default 1000. */
  maxPageSize?: number;
  /** `parentReference.path` segments percent-encoded (default) or raw. */
  parentPathEncoding?: 'percent' | 'raw';
  /**
   * Where a detail code such as `fragmentOverlap` goes: a separate `innererror: { code }` beside
   * `innerError: { request-id, date }` (default), or merged into `innerError`.
   */
  errorDetailStyle?: 'separate' | 'merged';
}

/** A conflict behaviour as Graph names it. */
export type ConflictBehavior = 'fail' | 'replace' | 'rename';

/** {@link MicrosoftOptions} with every default applied. */
export type ResolvedMicrosoftOptions = Required<
  Omit<MicrosoftOptions, 'accounts' | 'staticTokens' | 'clients'>
>;

const MIB = 1024 * 1024;

/** Applies defaults. */
export function resolveMicrosoftOptions(options: MicrosoftOptions = {}): ResolvedMicrosoftOptions {
  return {
    acceptAnyClient: options.acceptAnyClient ?? true,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds ?? 90 * 24 * 3600,
    authCodeLifetimeSeconds: options.authCodeLifetimeSeconds ?? 600,
    rotatedRefreshTokens: options.rotatedRefreshTokens ?? 'keep',
    maxSimpleUploadBytes: options.maxSimpleUploadBytes ?? 250 * MIB,
    autoCreateParents: options.autoCreateParents ?? true,
    uploadSessionLifetimeSeconds: options.uploadSessionLifetimeSeconds ?? 3600,
    uploadChunkMultiple: options.uploadChunkMultiple ?? 320 * 1024,
    maxUploadChunkBytes: options.maxUploadChunkBytes ?? 60 * MIB,
    oversizeChunkStatus: options.oversizeChunkStatus ?? 413,
    rejectAuthorizationOnUploadUrl: options.rejectAuthorizationOnUploadUrl ?? false,
    uploadSessionConflictBehavior: options.uploadSessionConflictBehavior ?? 'fail',
    downloadUrlLifetimeSeconds: options.downloadUrlLifetimeSeconds ?? 3600,
    copyInProgressPolls: options.copyInProgressPolls ?? 1,
    copyCompletedStatus: options.copyCompletedStatus ?? 202,
    defaultPageSize: options.defaultPageSize ?? 200,
    maxPageSize: options.maxPageSize ?? 1000,
    parentPathEncoding: options.parentPathEncoding ?? 'percent',
    errorDetailStyle: options.errorDetailStyle ?? 'separate',
  };
}
