import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FaultSpec } from '../faults/fault-registry.js';
import type { Clock } from '../server/clock.js';
import type { LinkBuilder } from '../server/links.js';
import { GoogleAccountRegistry, type SharedDrive } from './accounts.js';
import type { BlobHasher } from './files/file.js';
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
  readonly chunks: Buffer[];
  received: number;
  readonly hasher: BlobHasher;
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
  readonly sessions = new Map<string, ResumableSession>();
  /** `requestId` of each shared drive created through the API, so a repeated request is refused. */
  readonly driveRequests = new Map<string, string>();
  /** Google reasons for status faults injected through the control API, by spec identity. */
  readonly faultReasons = new WeakMap<FaultSpec, string>();
  readonly #signingKey = randomBytes(32);

  constructor(
    readonly options: ResolvedGoogleOptions,
    readonly now: Clock,
    readonly links: LinkBuilder,
  ) {
    this.tokens = new GoogleTokenRegistry(now);
    this.files = new FileStore(now);
  }

  /** Signs a small payload into an opaque URL-safe token (page tokens). */
  sign(payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.#mac(body)}`;
  }

  /** Verifies a token from {@link sign}; `undefined` when it was not issued here. */
  verify(token: string): unknown {
    const dot = token.indexOf('.');
    if (dot === -1) return undefined;
    const body = token.slice(0, dot);
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(token.slice(dot + 1));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
  }

  #mac(body: string): string {
    return createHmac('sha256', this.#signingKey).update(body).digest('base64url').slice(0, 22);
  }
}
