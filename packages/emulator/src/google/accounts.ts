import { createHash } from 'node:crypto';
import { randomChars } from '../server/random.js';
import type { GoogleAccountSeed, SharedDriveRole } from './options.js';

/** A Google account; its My Drive lives in the file store under `rootId`. */
export interface GoogleAccount {
  /** The user id (`sub`): 21 digits. */
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  /** The id of the user's permissions on files they are given: 20 digits. */
  readonly permissionId: string;
  /** The id of the My Drive root folder. */
  readonly rootId: string;
  readonly quotaBytes: number;
}

/** A shared drive: its root folder has the drive's id. */
export interface SharedDrive {
  readonly id: string;
  name: string;
  readonly created: number;
  /** Account id -> role. */
  readonly members: Map<string, SharedDriveRole>;
}

const DIGITS = '0123456789';
const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const GIB = 1024 * 1024 * 1024;

/** A new file id: 33 characters starting with `1`, like Drive's. */
export function newFileId(): string {
  return `1${randomChars(ID_CHARS, 32)}`;
}

/** A new root folder or shared drive id: `0A...Uk9PVA`, like Drive's. */
export function newRootId(): string {
  return `0A${randomChars(ID_CHARS, 11)}Uk9PVA`;
}

/** The permission id Drive gives an email address that is not one of the emulator's accounts. */
export function permissionIdFor(email: string): string {
  const digest = createHash('sha256').update(email.toLowerCase()).digest();
  let out = '';
  for (let i = 0; i < 20; i++) out += String((digest[i] as number) % 10);
  return out;
}

/** The accounts of the Google emulation, found by id or (case-insensitive) email. */
export class GoogleAccountRegistry {
  readonly #byId = new Map<string, GoogleAccount>();
  readonly #byEmail = new Map<string, GoogleAccount>();

  /** Creates an account; the caller creates its root folder with `rootId`. */
  add(seed: GoogleAccountSeed): GoogleAccount {
    const email = seed.email.trim();
    if (!email.includes('@'))
      throw new Error(`An account needs an email address, got '${seed.email}'.`);
    if (this.#byEmail.has(email.toLowerCase())) {
      throw new Error(`An account with email ${email} already exists.`);
    }
    const account: GoogleAccount = {
      id: `1${randomChars(DIGITS, 20)}`,
      email,
      displayName: seed.displayName ?? email.slice(0, email.indexOf('@')),
      permissionId: permissionIdFor(email),
      rootId: newRootId(),
      quotaBytes: seed.quotaBytes ?? 15 * GIB,
    };
    this.#byId.set(account.id, account);
    this.#byEmail.set(email.toLowerCase(), account);
    return account;
  }

  /** An account by id or email. */
  find(handle: string): GoogleAccount | undefined {
    return this.#byId.get(handle) ?? this.#byEmail.get(handle.toLowerCase());
  }

  /** An account by id or email, or an Error that names what is known. */
  require(handle: string): GoogleAccount {
    const account = this.find(handle);
    if (account) return account;
    const known = this.all().map((candidate) => candidate.email);
    throw new Error(
      `No Google account '${handle}'. Known: ${known.length ? known.join(', ') : 'none (add one first)'}.`,
    );
  }

  /** Every account, in creation order. */
  all(): GoogleAccount[] {
    return [...this.#byId.values()];
  }
}
