/** A Dropbox account to create, with its (empty) Dropbox. */
export interface DropboxAccountSeed {
  /** Sign-in email, also the account's handle in the control API. */
  email: string;
  displayName?: string;
  /** Space allocation in bytes; 2 GiB (Basic) by default. */
  quotaBytes?: number;
  /** `basic` (default), `pro` or `business`, as users/get_current_account reports it. */
  accountType?: 'basic' | 'pro' | 'business';
}

/** An app (client) the token endpoint knows. */
export interface DropboxClientSeed {
  /** The app key. */
  clientId: string;
  /** The app secret: the token endpoint then requires it, unless the code was obtained with PKCE. */
  clientSecret?: string;
  /** When given, authorize and token requests must use one of these redirect URIs. */
  redirectUris?: string[];
}

/** Options of the Dropbox emulation. Values marked [K] in the wire reference are configurable here. */
export interface DropboxOptions {
  /** Accounts to create at start. */
  accounts?: DropboxAccountSeed[];
  /** Fixed bearer tokens, token -> account email; they never expire. */
  staticTokens?: Record<string, string>;
  /** Apps the token endpoint knows. */
  clients?: DropboxClientSeed[];
  /** Accept app keys that were not registered (no secret checked); default true. */
  acceptAnyClient?: boolean;
  /** Lifetime of short-lived access tokens; default 14,400 s (4 hours). */
  accessTokenLifetimeSeconds?: number;
  /** Authorization-code lifetime; default 600 s. */
  authCodeLifetimeSeconds?: number;
  /** Largest request body on upload routes; default 150 MiB (over it: `payload_too_large`). */
  maxRequestBytes?: number;
  /** How long an upload session lives; default 7 days. */
  uploadSessionLifetimeSeconds?: number;
  /**
   * How long a commit (upload, finish, finish_batch_v2, create, move, copy, delete) holds the
   * namespace's write lock; a commit arriving meanwhile gets 429 `too_many_write_operations`.
   * Default 0: commits never overlap.
   */
  writeLockMs?: number;
  /** `Retry-After` (seconds) of a `too_many_write_operations` answer; default 1. */
  writeLockRetryAfterSeconds?: number;
  /** First number autorename tries: `name (1).txt` by default [K]. */
  autorenameStart?: number;
  /** Largest `limit` of list_folder; default 2000. */
  maxListLimit?: number;
  /**
   * How many status checks of an async sharing job (share_folder, remove_folder_member) answer
   * `in_progress` before `complete`; default 0. Above 0, share_folder answers with an async job id.
   */
  asyncJobPolls?: number;
}

/** {@link DropboxOptions} with every default applied. */
export type ResolvedDropboxOptions = Required<
  Omit<DropboxOptions, 'accounts' | 'staticTokens' | 'clients'>
>;

const MIB = 1024 * 1024;

/** Applies defaults. */
export function resolveDropboxOptions(options: DropboxOptions = {}): ResolvedDropboxOptions {
  return {
    acceptAnyClient: options.acceptAnyClient ?? true,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 14_400,
    authCodeLifetimeSeconds: options.authCodeLifetimeSeconds ?? 600,
    maxRequestBytes: options.maxRequestBytes ?? 150 * MIB,
    uploadSessionLifetimeSeconds: options.uploadSessionLifetimeSeconds ?? 7 * 24 * 3600,
    writeLockMs: options.writeLockMs ?? 0,
    writeLockRetryAfterSeconds: options.writeLockRetryAfterSeconds ?? 1,
    autorenameStart: options.autorenameStart ?? 1,
    maxListLimit: options.maxListLimit ?? 2000,
    asyncJobPolls: options.asyncJobPolls ?? 0,
  };
}
