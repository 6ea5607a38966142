import type { Clock } from '../server/clock.js';
import type { LinkBuilder } from '../server/links.js';
import { Signer } from '../server/signer.js';
import { AccountRegistry } from './accounts.js';
import type { ContentHasher } from './graph/content.js';
import type { Drive, FileSystemTimes } from './graph/drive.js';
import { TokenRegistry } from './identity/token-registry.js';
import type { ConflictBehavior, MicrosoftClientSeed, ResolvedMicrosoftOptions } from './options.js';
import { type Site, SiteRegistry } from './sites.js';

/** An upload session in progress. */
export interface UploadSession {
  readonly id: string;
  readonly accountId: string;
  /** The drive the session writes to: the account's own or a site's library. */
  readonly driveId: string;
  /** Where the bytes go: a new name under a folder, or an existing file by id. */
  readonly target:
    | { kind: 'new'; parentId: string; name: string; conflict: ConflictBehavior }
    | { kind: 'existing'; itemId: string };
  /** From `item.fileSize`, or from the first fragment's Content-Range. */
  total: number | undefined;
  /** The bytes received so far, in the pieces they arrived in, and their hashes. */
  content: ContentHasher;
  /** A fragment is arriving: another one must wait for its answer. */
  receiving: boolean;
  expiresAt: number;
  readonly times: FileSystemTimes;
  readonly deferCommit: boolean;
  /** All bytes are in; waiting for a commit (deferred, or retried after a conflict). */
  complete: boolean;
}

/** An asynchronous copy being watched through its monitor URL. */
export interface CopyMonitor {
  readonly driveId: string;
  readonly resourceId: string;
  pollsLeft: number;
  readonly createdAt: number;
}

/** A materialised delta enumeration, paged through `$skiptoken`. */
export interface DeltaEnumeration {
  readonly driveId: string;
  readonly ids: readonly string[];
  /** The change number the final deltaLink hands out. */
  readonly seq: number;
  readonly epoch: string;
}

/** Everything the Microsoft handlers share. */
export class MicrosoftState {
  readonly accounts: AccountRegistry;
  readonly sites: SiteRegistry;
  readonly tokens: TokenRegistry;
  readonly clients = new Map<string, MicrosoftClientSeed>();
  readonly sessions = new Map<string, UploadSession>();
  readonly monitors = new Map<string, CopyMonitor>();
  readonly enumerations = new Map<string, DeltaEnumeration>();
  /** Seals download URLs and delta tokens. */
  readonly signer = new Signer();

  constructor(
    readonly options: ResolvedMicrosoftOptions,
    readonly now: Clock,
    readonly links: LinkBuilder,
  ) {
    this.accounts = new AccountRegistry(now);
    this.sites = new SiteRegistry(now);
    this.tokens = new TokenRegistry(now);
  }

  /** A drive by id, with the site whose library it is (undefined for an account's own drive). */
  driveById(driveId: string): { drive: Drive; site: Site | undefined } | undefined {
    const site = this.sites.byDrive(driveId);
    if (site) return { drive: site.drive, site };
    const owner = this.accounts.byDrive(driveId);
    return owner ? { drive: owner.drive, site: undefined } : undefined;
  }
}
