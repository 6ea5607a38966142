import type {
  FaultMatch,
  FaultRegistry,
  FaultSpec,
  InjectedFault,
} from '../faults/fault-registry.js';
import { joinBytes } from '../server/content.js';
import type { GoogleAccount } from './accounts.js';
import { openSessions } from './drive/upload-handlers.js';
import {
  blobOf,
  type DriveFile,
  docKindOf,
  docMimeType,
  FOLDER_MIME,
  type GoogleDocKind,
  isFolder,
} from './files/file.js';
import type { FileStore } from './files/store.js';
import { issueTokens } from './oauth/token-endpoint.js';
import type { GoogleAccountSeed, GoogleClientSeed, SharedDriveRole } from './options.js';
import { createSharedDrive } from './shared-drives.js';
import type { GoogleState } from './state.js';

/** An account as the control API reports it. */
export interface GoogleAccountInfo {
  /** The user id (`sub`). */
  id: string;
  email: string;
  displayName: string;
  permissionId: string;
  /** The id of My Drive's root folder. */
  rootId: string;
}

/** A shared drive as the control API reports it; its root folder has the same id. */
export interface GoogleSharedDriveInfo {
  id: string;
  name: string;
}

/** A Google-native document to seed: its kind and the text its exports are made from. */
export interface GoogleDocSeed {
  googleDoc: GoogleDocKind;
  text?: string;
}

/** What a seeded path holds: text (UTF-8), bytes, a Google-native document, or `null` for a folder. */
export type GoogleSeedValue = string | Uint8Array | GoogleDocSeed | null;

/** Files and folders to create, by path. */
export type GoogleSeedEntries = Record<string, GoogleSeedValue>;

/** A file to add next to others, even under a name that is taken (Drive allows duplicates). */
export interface GoogleNewFile {
  /** The parent folder: a path from the root (`/a/b`) or a folder id; default the root. */
  parent?: string;
  name: string;
  /** Binary content (text as UTF-8); absent for a folder or a document. */
  content?: string | Uint8Array;
  /** Makes a Google-native document instead of a binary file. */
  googleDoc?: GoogleDocKind;
  /** A document's text. */
  text?: string;
  /** Makes a folder. */
  folder?: boolean;
  mimeType?: string;
}

/** What `stat` reports about a file. */
export interface GoogleFileInfo {
  id: string;
  name: string;
  mimeType: string;
  parentId: string | undefined;
  driveId: string | undefined;
  /** Bytes of binary content; undefined for folders and documents. */
  size: number | undefined;
  md5: string | undefined;
  version: number;
  trashed: boolean;
}

/** Tokens minted for an account without going through the consent page. */
export interface GoogleMintedTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds. */
  expiresIn: number;
  /** ms since the epoch, by the emulator's clock. */
  expiresAt: number;
}

/** A Drive error to inject: a `reason` (userRateLimitExceeded, storageQuotaExceeded, ...) and where. */
export type GoogleErrorSpec = FaultMatch & {
  reason: string;
  /** Default: 403 for usage limits and quota, 401 authError, 404 notFound, 500 backendError. */
  status?: number;
  /** Seconds to send in `Retry-After` (Drive itself rarely sends one). */
  retryAfter?: number;
};

/** Where a path or file lives: My Drive of the account, or a shared drive. */
export interface GoogleWhere {
  /** A shared drive id; default the account's My Drive. */
  driveId?: string;
}

const DEFAULT_SCOPES = ['https://www.googleapis.com/auth/drive', 'openid', 'email'];

/** The client id used by {@link GoogleControl.mintToken} when none is given. */
export const GOOGLE_DEFAULT_CLIENT_ID = 'emulator-client.apps.googleusercontent.com';

/**
 * Seeding and inspection of the Google emulation, for tests and scripts. Accounts are named by
 * email (case-insensitive) or user id; paths are resolved from the root, taking the oldest
 * untrashed item when a folder holds several with one name.
 */
export class GoogleControl {
  constructor(
    private readonly state: GoogleState,
    private readonly faults: FaultRegistry,
  ) {}

  /** Creates an account with an empty My Drive. */
  addAccount(seed: GoogleAccountSeed): GoogleAccountInfo {
    const account = this.state.accounts.add(seed);
    this.state.files.createRoot(account.rootId, 'My Drive', account.id, undefined);
    return info(account);
  }

  /** Every account. */
  accounts(): GoogleAccountInfo[] {
    return this.state.accounts.all().map(info);
  }

  /** Creates a shared drive; `members` maps emails to roles and needs an organizer. */
  addSharedDrive(name: string, members: Record<string, SharedDriveRole>): GoogleSharedDriveInfo {
    const byId = new Map<string, SharedDriveRole>();
    for (const [email, role] of Object.entries(members))
      byId.set(this.state.accounts.require(email).id, role);
    const drive = createSharedDrive(this.state, name, byId);
    return { id: drive.id, name: drive.name };
  }

  /** Creates files and folders (and missing parents); an existing file gets the new content. */
  seed(account: string, entries: GoogleSeedEntries, where: GoogleWhere = {}): void {
    const owner = this.state.accounts.require(account);
    const known = new ChildNames(this.state.files);
    for (const [path, value] of Object.entries(entries)) {
      const names = path.split('/').filter((name) => name !== '');
      const last = names.pop();
      if (last === undefined)
        throw new Error(`Cannot seed '${path}': name a file or folder below the root.`);
      let folder = this.#root(owner, where);
      for (const name of names) folder = this.#ensureFolder(owner, folder, name, path, known);
      const existing = known.get(folder, last);
      if (value === null) {
        this.#ensureFolder(owner, folder, last, path, known);
      } else if (existing && isFolder(existing)) {
        throw new Error(`Cannot seed '${path}': it is a folder.`);
      } else if (existing) {
        this.#replace(owner, existing, value, path);
      } else {
        known.add(folder, this.#create(owner, folder, last, value));
      }
    }
  }

  /** Adds one file or folder, even where the name is taken; returns it. */
  addFile(account: string, spec: GoogleNewFile, where: GoogleWhere = {}): GoogleFileInfo {
    const owner = this.state.accounts.require(account);
    const parent =
      spec.parent === undefined || spec.parent.startsWith('/')
        ? this.#resolve(owner, spec.parent ?? '/', where)
        : this.state.files.get(spec.parent);
    if (!parent || !isFolder(parent))
      throw new Error(`No folder '${spec.parent ?? '/'}' to add '${spec.name}' to.`);
    const value: GoogleSeedValue = spec.folder
      ? null
      : spec.googleDoc !== undefined
        ? { googleDoc: spec.googleDoc, ...(spec.text !== undefined ? { text: spec.text } : {}) }
        : (spec.content ?? '');
    return fileInfo(this.#create(owner, parent, spec.name, value, spec.mimeType));
  }

  /** Issues an access token and a refresh token, as a code exchange with offline access would. */
  mintToken(
    account: string,
    options: { clientId?: string; scopes?: string[] } = {},
  ): GoogleMintedTokens {
    const target = this.state.accounts.require(account);
    const response = issueTokens(
      this.state,
      target,
      options.clientId ?? GOOGLE_DEFAULT_CLIENT_ID,
      options.scopes ?? DEFAULT_SCOPES,
      'new',
    );
    return {
      accessToken: response.access_token,
      refreshToken: response.refresh_token as string,
      expiresIn: response.expires_in,
      expiresAt: this.state.now() + response.expires_in * 1000,
    };
  }

  /** Accepts a fixed bearer token for an account; it never expires (unless expireTokens is called). */
  addStaticToken(token: string, account: string): void {
    if (token.trim() === '') throw new Error('A static token cannot be empty.');
    this.state.tokens.addStatic(token, this.state.accounts.require(account).id);
  }

  /** Registers an OAuth client: with a secret it must authenticate; with redirect URIs they are enforced. */
  registerClient(client: GoogleClientSeed): void {
    this.state.clients.set(client.clientId, { ...client });
  }

  /** Makes every access token of an account (or all accounts) expired: Drive then answers 401. */
  expireTokens(account?: string): void {
    this.state.tokens.expireAccess(
      account === undefined ? undefined : this.state.accounts.require(account).id,
    );
  }

  /**
   * Injects Drive errors with a given reason through the shared fault registry, e.g.
   * `{ reason: 'userRateLimitExceeded', method: 'PUT', path: 'upload_id=', times: 3 }`.
   */
  injectError(spec: GoogleErrorSpec): InjectedFault {
    const { reason, status, retryAfter, ...match } = spec;
    const fault: FaultSpec = {
      ...match,
      provider: 'google',
      kind: 'status',
      status: status ?? statusForReason(reason),
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    };
    this.state.faultReasons.set(fault, reason);
    return this.faults.inject(fault);
  }

  /** The bytes of a binary file, or undefined when the path is not one. */
  readFile(account: string, path: string, where: GoogleWhere = {}): Buffer | undefined {
    const blob = this.#resolve(this.state.accounts.require(account), path, where)?.blob;
    return blob ? joinBytes(blob) : undefined;
  }

  /** Facts about a path, or undefined when nothing untrashed is there. */
  stat(account: string, path: string, where: GoogleWhere = {}): GoogleFileInfo | undefined {
    const file = this.#resolve(this.state.accounts.require(account), path, where);
    return file ? fileInfo(file) : undefined;
  }

  /** Facts about a file by id (trashed ones too), or undefined when it does not exist. */
  fileById(id: string): GoogleFileInfo | undefined {
    const file = this.state.files.get(id);
    return file ? fileInfo(file) : undefined;
  }

  /** How many resumable sessions are open (not finished, cancelled or expired). */
  openUploadSessions(): number {
    return openSessions(this.state);
  }

  #root(account: GoogleAccount, where: GoogleWhere): DriveFile {
    const id = where.driveId ?? account.rootId;
    const root = this.state.files.get(id);
    if (!root) throw new Error(`No shared drive '${id}'.`);
    return root;
  }

  #resolve(account: GoogleAccount, path: string, where: GoogleWhere): DriveFile | undefined {
    let file: DriveFile | undefined = this.#root(account, where);
    for (const name of path.split('/').filter((segment) => segment !== '')) {
      file = file && isFolder(file) ? this.#child(file, name) : undefined;
    }
    return file;
  }

  #child(folder: DriveFile, name: string): DriveFile | undefined {
    return this.state.files
      .children(folder.id)
      .find((child) => child.name === name && !child.trashed);
  }

  #ensureFolder(
    owner: GoogleAccount,
    parent: DriveFile,
    name: string,
    path: string,
    known: ChildNames,
  ): DriveFile {
    const existing = known.get(parent, name);
    if (existing && !isFolder(existing))
      throw new Error(`Cannot seed '${path}': '${name}' is a file.`);
    return existing ?? known.add(parent, this.#create(owner, parent, name, null));
  }

  #create(
    owner: GoogleAccount,
    parent: DriveFile,
    name: string,
    value: GoogleSeedValue,
    mimeType?: string,
  ): DriveFile {
    if (value === null) {
      return this.state.files.create({
        name,
        mimeType: FOLDER_MIME,
        parentId: parent.id,
        ownerId: owner.id,
      });
    }
    if (isDocSeed(value)) {
      return this.state.files.create({
        name,
        mimeType: docMimeType(value.googleDoc),
        parentId: parent.id,
        ownerId: owner.id,
        docText: value.text ?? '',
      });
    }
    return this.state.files.create({
      name,
      mimeType: mimeType ?? mimeTypeFor(name),
      parentId: parent.id,
      ownerId: owner.id,
      blob: blobOf(Buffer.from(typeof value === 'string' ? value : value)),
    });
  }

  #replace(
    owner: GoogleAccount,
    file: DriveFile,
    value: Exclude<GoogleSeedValue, null>,
    path: string,
  ): void {
    if (isDocSeed(value)) {
      if (docKindOf(file.mimeType) !== value.googleDoc)
        throw new Error(`Cannot seed '${path}': it is not a ${value.googleDoc}.`);
      file.docText = value.text ?? '';
      this.state.files.touch(file, owner.id);
      return;
    }
    if (!file.blob) throw new Error(`Cannot seed '${path}': it is a Google document.`);
    this.state.files.setContent(
      file,
      blobOf(Buffer.from(typeof value === 'string' ? value : value)),
      owner.id,
    );
  }
}

/**
 * The oldest untrashed child of each folder by name, as paths resolve, read once per folder: a
 * seed of thousands of entries would otherwise scan a folder for each.
 */
class ChildNames {
  readonly #byFolder = new Map<string, Map<string, DriveFile>>();

  constructor(private readonly files: FileStore) {}

  get(folder: DriveFile, name: string): DriveFile | undefined {
    return this.#names(folder).get(name);
  }

  /** Records a file just created in `folder`; returns it. */
  add(folder: DriveFile, file: DriveFile): DriveFile {
    const names = this.#names(folder);
    if (!names.has(file.name)) names.set(file.name, file);
    return file;
  }

  #names(folder: DriveFile): Map<string, DriveFile> {
    let names = this.#byFolder.get(folder.id);
    if (!names) {
      names = new Map();
      for (const child of this.files.children(folder.id)) {
        if (!child.trashed && !names.has(child.name)) names.set(child.name, child);
      }
      this.#byFolder.set(folder.id, names);
    }
    return names;
  }
}

function isDocSeed(value: GoogleSeedValue): value is GoogleDocSeed {
  return value !== null && typeof value === 'object' && !(value instanceof Uint8Array);
}

function info(account: GoogleAccount): GoogleAccountInfo {
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    permissionId: account.permissionId,
    rootId: account.rootId,
  };
}

function fileInfo(file: DriveFile): GoogleFileInfo {
  return {
    id: file.id,
    name: file.name,
    mimeType: file.mimeType,
    parentId: file.parents[0],
    driveId: file.driveId,
    size: file.blob?.size,
    md5: file.blob?.md5,
    version: file.version,
    trashed: file.trashed,
  };
}

function statusForReason(reason: string): number {
  switch (reason) {
    case 'authError':
      return 401;
    case 'notFound':
      return 404;
    case 'conditionNotMet':
      return 412;
    case 'backendError':
      return 500;
    case 'badRequest':
    case 'invalid':
      return 400;
    default:
      return 403;
  }
}

/** A MIME type from the extension, for seeded files (Drive guesses the same way on upload). */
function mimeTypeFor(name: string): string {
  const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  const known: Record<string, string> = {
    txt: 'text/plain',
    md: 'text/markdown',
    csv: 'text/csv',
    json: 'application/json',
    html: 'text/html',
    pdf: 'application/pdf',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    zip: 'application/zip',
  };
  return name.includes('.')
    ? (known[extension] ?? 'application/octet-stream')
    : 'application/octet-stream';
}
