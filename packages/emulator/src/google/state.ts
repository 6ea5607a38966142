import type { FaultSpec } from '../faults/fault-registry.js';
import type { Clock } from '../server/clock.js';
import type { LinkBuilder } from '../server/links.js';
import { Signer } from '../server/signer.js';
import { GoogleAccountRegistry, type SharedDrive } from './accounts.js';
import type { BlobHasher } from './files/file.js';
import { ListingOrders } from './files/listing-order.js';
import { FileStore } from './files/store.js';
import { GoogleTokenRegistry } from './oauth/token-registry.js';
import type { GoogleClientSeed, ResolvedGoogleOptions } from './options.js';

/** The metadata a resumable session will apply when its last byte arrives. */
export interface SessionMetadata {
  readonly body: Record<string, unknown>;
  /** The query of the request that opened the session (fields, supportsAllDrives, addParents, ...). */
  readonly query: URLSearchParams;
}

/** A resumable upload in progress (wire reference B.5). */
export interface ResumableSession {
  readonly id: string;
  readonly accountId: string;
  /** A new file, or new content for an existing one. */
  readonly fileId: string | undefined;
  readonly metadata: SessionMetadata;
  /** `X-Upload-Content-Type`, else the metadata's mimeType. */
  readonly contentType: string | undefined;
  /** Known from `X-Upload-Content-Length` or from a Content-Range with a total. */
  total: number | undefined;
  /** The bytes persisted so far, in the pieces they arrived in, and their checksums. */
  content: BlobHasher;
  expiresAt: number;
  /** Set once the file was written: later status queries answer with it. */
  resultFileId: string | undefined;
}

/** Everything the Google handlers share. */
export class GoogleState {
  readonly accounts = new GoogleAccountRegistry();
  readonly sharedDrives = new Map<string, SharedDrive>();
  readonly tokens: GoogleTokenRegistry;
  readonly clients = new Map<string, GoogleClientSeed>();
  readonly files: FileStore;
  readonly listings: ListingOrders;
  readonly sessions = new Map<string, ResumableSession>();
  /** `requestId` of each shared drive created through the API, so a repeated request is refused. */
  readonly driveRequests = new Map<string, string>();
  /** Google reasons for status faults injected through the control API, by spec identity. */
  readonly faultReasons = new WeakMap<FaultSpec, string>();
  /** Seals page tokens; Drive's are short, so the MAC is cut to 128 bits. */
  readonly signer = new Signer(22);

  constructor(
    readonly options: ResolvedGoogleOptions,
    readonly now: Clock,
    readonly links: LinkBuilder,
  ) {
    this.tokens = new GoogleTokenRegistry(now);
    this.files = new FileStore(now);
    this.listings = new ListingOrders(this.files);
  }
}
