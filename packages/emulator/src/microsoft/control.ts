import { joinBytes } from '../server/content.js';
import type { Account } from './accounts.js';
import { type ExtraHash, fileContent } from './graph/content.js';
import type { Drive, Item } from './graph/drive.js';
import { assertValidName } from './graph/names.js';
import { cTag, eTag } from './graph/render.js';
import { issueTokens } from './identity/token-endpoint.js';
import type { MicrosoftAccountSeed, MicrosoftClientSeed } from './options.js';
import type { MicrosoftSiteSeed, Site } from './sites.js';
import type { MicrosoftState } from './state.js';

/** An account as the control API reports it. */
export interface MicrosoftAccountInfo {
  /** Graph user id. */
  id: string;
  /** The `oid` claim / client_info `uid`. */
  objectId: string;
  email: string;
  displayName: string;
  driveType: 'personal' | 'business';
  driveId: string;
  tenantId: string;
  /** The id of the drive's root folder. */
  rootId: string;
}

/** A SharePoint site as the control API reports it. */
export interface MicrosoftSiteInfo {
  /** `{hostname},{guid},{guid}`: what `/sites/{site-id}/drive` takes. */
  id: string;
  displayName: string;
  webUrl: string;
  tenantId: string;
  /** The id of its default document library. */
  driveId: string;
  rootId: string;
}

/** An item in a drive's recycle bin. */
export interface MicrosoftRecycledInfo {
  id: string;
  name: string;
  kind: 'file' | 'folder';
  size: number;
  /** Where it was deleted from, e.g. `/Docs`. */
  parentPath: string;
}

/** Tokens minted for an account without going through the consent page. */
export interface MintedTokens {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  /** Seconds. */
  expiresIn: number;
  /** ms since the epoch, by the emulator's clock. */
  expiresAt: number;
}

/** Files and folders to create: path -> content (string as UTF-8, bytes) or `null` for a folder. */
export type SeedEntries = Record<string, string | Uint8Array | null>;

/** What `stat` reports about a seeded or uploaded item. */
export interface MicrosoftItemInfo {
  id: string;
  kind: 'file' | 'folder';
  name: string;
  size: number;
  eTag: string;
  cTag?: string;
}

/** The client id used by {@link MicrosoftControl.mintToken} when none is given. */
export const DEFAULT_CLIENT_ID = '00000000-0000-0000-0000-00000000e0e0';

/**
 * Seeding and inspection of the Microsoft emulation, for tests and scripts. Accounts are named
 * by email (case-insensitive) or Graph user id; where a drive is meant (seed, readFile, stat,
 * recycleBin) a site id names the site's document library.
 */
export class MicrosoftControl {
  constructor(private readonly state: MicrosoftState) {}

  /** Creates an account with an empty OneDrive. */
  addAccount(seed: MicrosoftAccountSeed): MicrosoftAccountInfo {
    return info(this.state.accounts.add(seed));
  }

  /** Every account. */
  accounts(): MicrosoftAccountInfo[] {
    return this.state.accounts.all().map(info);
  }

  /** Creates a SharePoint site with an empty default library, open to its member accounts. */
  addSite(seed: MicrosoftSiteSeed): MicrosoftSiteInfo {
    const members = seed.members.map((member) => this.state.accounts.require(member));
    return siteInfo(this.state.sites.add(seed, members));
  }

  /** Every site. */
  sites(): MicrosoftSiteInfo[] {
    return this.state.sites.all().map(siteInfo);
  }

  /** What plain deletes put in a drive's recycle bin (permanent deletes never show up here). */
  recycleBin(owner: string): MicrosoftRecycledInfo[] {
    return [...this.#drive(owner).drive.recycleBin.values()].map((item) => ({
      id: item.id,
      name: item.name,
      kind: item.kind,
      size: item.size,
      parentPath: `/${item.parentPath.join('/')}`,
    }));
  }

  /** Creates files and folders (and missing parents); existing files get the new content. */
  seed(account: string, entries: SeedEntries): void {
    const { drive, hashes } = this.#drive(account);
    for (const [path, value] of Object.entries(entries)) {
      const names = path.split('/').filter((name) => name !== '');
      if (names.length === 0)
        throw new Error(`Cannot seed '${path}': name a file or folder below the root.`);
      let folder = drive.root;
      names.forEach((name, index) => {
        const last = index === names.length - 1;
        const kind = last && value !== null ? 'file' : 'folder';
        assertValidName(name, kind, drive.type, folder.parentId === null);
        const existing = drive.child(folder, name);
        if (kind === 'folder') {
          if (existing && existing.kind !== 'folder')
            throw new Error(`Cannot seed '${path}': '${name}' is a file.`);
          folder = existing ?? drive.createFolder(folder, name);
          return;
        }
        const content = fileContent(
          Buffer.from(typeof value === 'string' ? value : (value as Uint8Array)),
          hashes,
        );
        if (existing?.kind === 'folder') throw new Error(`Cannot seed '${path}': it is a folder.`);
        if (existing) drive.replaceContent(existing, content);
        else drive.createFile(folder, name, content);
      });
    }
  }

  /** Issues an access token and a refresh token for an account, as a code grant would. */
  mintToken(account: string, options: { clientId?: string; scopes?: string[] } = {}): MintedTokens {
    const target = this.state.accounts.require(account);
    const scopes = options.scopes ?? [
      'Files.ReadWrite.All',
      'User.Read',
      'openid',
      'profile',
      'offline_access',
    ];
    const withOpenId = scopes.some((scope) => scope.toLowerCase() === 'openid')
      ? scopes
      : [...scopes, 'openid'];
    const response = issueTokens(
      this.state,
      target,
      options.clientId ?? DEFAULT_CLIENT_ID,
      withOpenId,
      {
        refresh: true,
      },
    );
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token as string,
      idToken: response.id_token as string,
      expiresIn: response.expires_in,
      expiresAt: this.state.now() + response.expires_in * 1000,
    };
  }

  /** Accepts a fixed bearer token for an account; it never expires (unless expireTokens is called). */
  addStaticToken(token: string, account: string): void {
    if (token.trim() === '') throw new Error('A static token cannot be empty.');
    this.state.tokens.addStatic(token, this.state.accounts.require(account).id);
  }

  /** Registers an app: with a secret it is confidential; with redirect URIs they are enforced. */
  registerClient(client: MicrosoftClientSeed): void {
    this.state.clients.set(client.clientId, { ...client });
  }

  /** Makes every access token of an account (or all accounts) expired: Graph then answers 401. */
  expireTokens(account?: string): void {
    this.state.tokens.expireAccess(
      account === undefined ? undefined : this.state.accounts.require(account).id,
    );
  }

  /** Invalidates every delta token of an account's drive: the next delta call answers 410. */
  invalidateDeltaTokens(account: string): void {
    const { drive } = this.state.accounts.require(account);
    drive.epoch = `${drive.epoch}+`;
  }

  /** The bytes of a file, or undefined when the path is not a file. */
  readFile(account: string, path: string): Buffer | undefined {
    const item = this.#find(account, path);
    return item?.kind === 'file' && item.content ? joinBytes(item.content) : undefined;
  }

  /** Facts about an item, or undefined when the path does not exist. */
  stat(account: string, path: string): MicrosoftItemInfo | undefined {
    const item = this.#find(account, path);
    if (!item) return undefined;
    const { drive } = this.#drive(account);
    return {
      id: item.id,
      kind: item.kind,
      name: item.name,
      size: drive.sizeOf(item),
      eTag: eTag(item),
      ...(item.kind === 'file' ? { cTag: cTag(item) } : {}),
    };
  }

  /** How many upload sessions are open (not committed, cancelled or expired). */
  openUploadSessions(): number {
    const now = this.state.now();
    return [...this.state.sessions.values()].filter((session) => session.expiresAt > now).length;
  }

  /** The library of a site named by id, else the drive of an account. */
  #drive(owner: string): { drive: Drive; hashes: ReadonlySet<ExtraHash> } {
    const site = this.state.sites.find(owner);
    if (site) return { drive: site.drive, hashes: new Set() };
    return this.state.accounts.require(owner);
  }

  #find(account: string, path: string): Item | undefined {
    const { drive } = this.#drive(account);
    let item: Item | undefined = drive.root;
    for (const name of path.split('/').filter((segment) => segment !== '')) {
      item = item?.kind === 'folder' ? drive.child(item, name) : undefined;
    }
    return item;
  }
}

function info(account: Account): MicrosoftAccountInfo {
  return {
    id: account.id,
    objectId: account.objectId,
    email: account.email,
    displayName: account.displayName,
    driveType: account.driveType,
    driveId: account.drive.id,
    tenantId: account.tenantId,
    rootId: account.drive.root.id,
  };
}

function siteInfo(site: Site): MicrosoftSiteInfo {
  return {
    id: site.id,
    displayName: site.displayName,
    webUrl: site.webUrl,
    tenantId: site.tenantId,
    driveId: site.drive.id,
    rootId: site.drive.root.id,
  };
}
