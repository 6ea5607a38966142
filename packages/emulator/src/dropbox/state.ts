import type { Clock } from '../server/clock.js';
import type { LinkBuilder } from '../server/links.js';
import { Signer } from '../server/signer.js';
import { DropboxAccounts } from './accounts.js';
import type { DropboxContent } from './content-hash.js';
import type { DropboxClientSeed, ResolvedDropboxOptions } from './options.js';
import { DropboxTokens } from './tokens.js';

/** An upload session in progress. */
export interface UploadSession {
  readonly id: string;
  readonly accountId: string;
  /** The bytes received so far (their count is the session's offset) and their hash. */
  content: DropboxContent;
  /** No more data may be appended; it can still be finished. */
  closed: boolean;
  readonly expiresAt: number;
}

/** An asynchronous sharing job (share_folder, remove_folder_member) and its final answer. */
export interface AsyncJob {
  readonly accountId: string;
  readonly kind: 'share' | 'remove_member';
  pollsLeft: number;
  readonly result: Record<string, unknown>;
}

/** Everything the Dropbox handlers share. */
export class DropboxState {
  readonly accounts: DropboxAccounts;
  readonly tokens: DropboxTokens;
  readonly clients = new Map<string, DropboxClientSeed>();
  readonly sessions = new Map<string, UploadSession>();
  readonly jobs = new Map<string, AsyncJob>();
  readonly signer = new Signer();

  constructor(
    readonly options: ResolvedDropboxOptions,
    readonly now: Clock,
    readonly links: LinkBuilder,
  ) {
    this.accounts = new DropboxAccounts(now);
    this.tokens = new DropboxTokens(now);
  }
}
