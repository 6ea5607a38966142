/** A Google account to create, with its My Drive. */
export interface GoogleAccountSeed {
  /** Sign-in name, also the account's handle in the control API. */
  email: string;
  displayName?: string;
  /** Storage quota in bytes; 15 GiB by default. */
  quotaBytes?: number;
}

/** A shared drive to create, with its members (email -> role). */
export interface GoogleSharedDriveSeed {
  name: string;
  /** Member emails and their roles; at least one organizer. */
  members: Record<string, SharedDriveRole>;
}

/** The roles a shared-drive member can have. */
export type SharedDriveRole = 'organizer' | 'fileOrganizer' | 'writer' | 'commenter' | 'reader';

/** An OAuth client the token endpoint knows. */
export interface GoogleClientSeed {
  clientId: string;
  /** Set for a confidential (web or desktop) client: the token endpoint then requires it. */
  clientSecret?: string;
  /** When given, authorize and token requests must use one of these redirect URIs. */
  redirectUris?: string[];
}

/** Options of the Google emulation. Values marked [K] in the wire reference are configurable here. */
export interface GoogleOptions {
  /** Accounts to create at start. */
  accounts?: GoogleAccountSeed[];
  /** Shared drives to create at start (after the accounts). */
  sharedDrives?: GoogleSharedDriveSeed[];
  /** Fixed bearer tokens, token -> account email; they never expire. */
  staticTokens?: Record<string, string>;
  /** OAuth clients. */
  clients?: GoogleClientSeed[];
  /** Accept client ids that were not registered (as clients without a secret); default true. */
  acceptAnyClient?: boolean;
  /** Access-token lifetime; default 3599 s, as Google answers. */
  accessTokenLifetimeSeconds?: number;
  /** Authorization-code lifetime; default 600 s. */
  authCodeLifetimeSeconds?: number;
  /** Page size when `pageSize` is absent (files, changes, permissions); default 100. */
  defaultPageSize?: number;
  /** Largest page; larger `pageSize` values are lowered to it; default 1000. */
  maxPageSize?: number;
  /** Every other list page holds half as many items as asked (clients must loop on the token); default false. */
  shortPages?: boolean;
  /** Non-final resumable chunks must be at least this and are persisted in multiples of it; default 262,144 (256 KiB); 0 disables. */
  uploadChunkMultiple?: number;
  /**
   * Persist at most this many bytes of one chunk request (in whole multiples), answering 308 with
   * a Range that ends early, as Drive may; default 0 = everything sent.
   */
  maxPersistPerRequest?: number;
  /** Resumable session lifetime; default one week. */
  uploadSessionLifetimeSeconds?: number;
  /** Status of `DELETE <session URI>`; default 499 [K]. */
  uploadCancelStatus?: number;
  /** Largest file; default 5 TiB (Drive's limit). */
  maxFileBytes?: number;
  /** Largest export of a Google-native document; default 10 MiB. */
  exportSizeLimitBytes?: number;
}

/** {@link GoogleOptions} with every default applied. */
export type ResolvedGoogleOptions = Required<
  Omit<GoogleOptions, 'accounts' | 'sharedDrives' | 'staticTokens' | 'clients'>
>;

const MIB = 1024 * 1024;

/** Applies defaults. */
export function resolveGoogleOptions(options: GoogleOptions = {}): ResolvedGoogleOptions {
  return {
    acceptAnyClient: options.acceptAnyClient ?? true,
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3599,
    authCodeLifetimeSeconds: options.authCodeLifetimeSeconds ?? 600,
    defaultPageSize: options.defaultPageSize ?? 100,
    maxPageSize: options.maxPageSize ?? 1000,
    shortPages: options.shortPages ?? false,
    uploadChunkMultiple: options.uploadChunkMultiple ?? 256 * 1024,
    maxPersistPerRequest: options.maxPersistPerRequest ?? 0,
    uploadSessionLifetimeSeconds: options.uploadSessionLifetimeSeconds ?? 7 * 24 * 3600,
    uploadCancelStatus: options.uploadCancelStatus ?? 499,
    maxFileBytes: options.maxFileBytes ?? 5 * 1024 * 1024 * MIB,
    exportSizeLimitBytes: options.exportSizeLimitBytes ?? 10 * MIB,
  };
}
