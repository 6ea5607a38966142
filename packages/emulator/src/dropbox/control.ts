import { joinBytes, storedBytes } from '../server/content.js';
import type { DropboxAccount } from './accounts.js';
import { contentHash } from './content-hash.js';
import type { DbxNode } from './namespace.js';
import { DEFAULT_SCOPE, issueTokens } from './oauth/issue-tokens.js';
import type { DropboxAccountSeed, DropboxClientSeed } from './options.js';
import type { DropboxState } from './state.js';
import type { TokenAccessType } from './tokens.js';

/** An account as the control API reports it. */
export interface DropboxAccountInfo {
  /** `dbid:...` */
  accountId: string;
  email: string;
  displayName: string;
  /** The root namespace id (for `ns:<id>/...` paths). */
  rootNamespaceId: string;
}

/** Tokens minted for an account without going through the consent page. */
export interface DropboxMintedTokens {
  accessToken: string;
  /** Present for `offline` access (the default). */
  refreshToken?: string;
  /** Seconds; absent for `legacy` tokens, which never expire. */
  expiresIn?: number;
  /** ms since the epoch, by the emulator's clock; absent for `legacy` tokens. */
  expiresAt?: number;
}

/** Files and folders to create: path -> content (string as UTF-8, bytes) or `null` for a folder. */
export type DropboxSeedEntries = Record<string, string | Uint8Array | null>;

/** What `stat` reports about an item. */
export interface DropboxItemInfo {
  id: string;
  kind: 'file' | 'folder';
  name: string;
  /** path_display. */
  path: string;
  size: number;
  rev?: string;
  contentHash?: string;
  sharedFolderId?: string;
}

/** The app key {@link DropboxControl.mintToken} uses when none is given. */
export const DROPBOX_DEFAULT_CLIENT_ID = 'emulator-app-key';

/**
 * Seeding and inspection of the Dropbox emulation, for tests and scripts. Accounts are named by
 * email (case-insensitive) or account id (`dbid:...`).
 */
export class DropboxControl {
  constructor(private readonly state: DropboxState) {}

  /** Creates an account with an empty Dropbox. */
  addAccount(seed: DropboxAccountSeed): DropboxAccountInfo {
    return info(this.state.accounts.add(seed));
  }

  /** Every account. */
  accounts(): DropboxAccountInfo[] {
    return this.state.accounts.all().map(info);
  }

  /** Creates files and folders (and missing parents); existing files get a new revision. */
  seed(account: string, entries: DropboxSeedEntries): void {
    const ns = this.state.accounts.require(account).namespace;
    for (const [path, value] of Object.entries(entries)) {
      const names = path.split('/').filter((name) => name !== '');
      if (names.length === 0)
        throw new Error(`Cannot seed '${path}': name a file or folder below the root.`);
      let folder = ns.root;
      names.forEach((name, index) => {
        const existing = ns.child(folder, name);
        if (index < names.length - 1 || value === null) {
          if (existing && existing.kind !== 'folder')
            throw new Error(`Cannot seed '${path}': '${name}' is a file.`);
          folder = existing ?? ns.createFolder(folder, name);
          return;
        }
        if (existing?.kind === 'folder') throw new Error(`Cannot seed '${path}': it is a folder.`);
        const bytes = typeof value === 'string' ? Buffer.from(value) : Buffer.from(value);
        const revision = ns.revision(storedBytes(bytes), contentHash(bytes));
        if (existing) ns.replaceContent(existing, revision);
        else ns.createFile(folder, name, revision);
      });
    }
  }

  /** Issues tokens as a code grant with `token_access_type` (default `offline`) would. */
  mintToken(
    account: string,
    options: { clientId?: string; accessType?: TokenAccessType } = {},
  ): DropboxMintedTokens {
    const target = this.state.accounts.require(account);
    const json = issueTokens(this.state, target, {
      clientId: options.clientId ?? DROPBOX_DEFAULT_CLIENT_ID,
      scope: DEFAULT_SCOPE,
      accessType: options.accessType ?? 'offline',
      pkce: true,
    });
    return {
      accessToken: json.access_token,
      ...(json.refresh_token !== undefined ? { refreshToken: json.refresh_token } : {}),
      ...(json.expires_in !== undefined
        ? { expiresIn: json.expires_in, expiresAt: this.state.now() + json.expires_in * 1000 }
        : {}),
    };
  }

  /** Accepts a fixed bearer token for an account; it never expires (unless expireTokens is called). */
  addStaticToken(token: string, account: string): void {
    if (token.trim() === '') throw new Error('A static token cannot be empty.');
    this.state.tokens.addStatic(token, this.state.accounts.require(account).accountId);
  }

  /** Registers an app: with a secret, code grants without PKCE must present it. */
  registerClient(client: DropboxClientSeed): void {
    this.state.clients.set(client.clientId, { ...client });
  }

  /** Makes every access token of an account (or all accounts) expired: the API then answers 401. */
  expireTokens(account?: string): void {
    this.state.tokens.expireAccess(
      account === undefined ? undefined : this.state.accounts.require(account).accountId,
    );
  }

  /** Revokes every refresh token of an account: refreshing then answers invalid_grant. */
  revokeRefreshTokens(account: string): void {
    this.state.tokens.revokeRefresh(this.state.accounts.require(account).accountId);
  }

  /** Invalidates every list_folder cursor of an account: continuing one answers 409 `reset`. */
  resetCursors(account: string): void {
    const ns = this.state.accounts.require(account).namespace;
    ns.epoch = `${ns.epoch}+`;
  }

  /** The bytes of a file, or undefined when the path is not a file. */
  readFile(account: string, path: string): Buffer | undefined {
    const node = this.#find(account, path);
    return node?.kind === 'file' && node.content ? joinBytes(node.content) : undefined;
  }

  /** Facts about an item, or undefined when the path does not exist. */
  stat(account: string, path: string): DropboxItemInfo | undefined {
    const target = this.state.accounts.require(account);
    const node = this.#find(account, path);
    if (!node) return undefined;
    return {
      id: node.id,
      kind: node.kind,
      name: node.name,
      path: target.namespace.pathOf(node),
      size: node.content?.size ?? 0,
      ...(node.content ? { rev: node.content.rev, contentHash: node.content.contentHash } : {}),
      ...(node.sharedFolderId !== undefined ? { sharedFolderId: node.sharedFolderId } : {}),
    };
  }

  /** How many upload sessions are open (not finished and not expired). */
  openUploadSessions(): number {
    const now = this.state.now();
    return [...this.state.sessions.values()].filter((session) => session.expiresAt > now).length;
  }

  #find(account: string, path: string): DbxNode | undefined {
    const ns = this.state.accounts.require(account).namespace;
    return ns.lookup(path.split('/').filter((segment) => segment !== ''));
  }
}

function info(account: DropboxAccount): DropboxAccountInfo {
  return {
    accountId: account.accountId,
    email: account.email,
    displayName: account.displayName,
    rootNamespaceId: account.namespace.id,
  };
}
