import { createHash } from 'node:crypto';
import { AccountDirectory } from '../server/account-directory.js';
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
export class GoogleAccountRegistry extends AccountDirectory<GoogleAccount> {
  constructor() {
    super({ service: 'Google', subject: 'An account' }, (account) => account.id);
  }

  /** Creates an account; the caller creates its root folder with `rootId`. */
  add(seed: GoogleAccountSeed): GoogleAccount {
    const email = this.newEmail(seed.email);
    return this.register({
      id: `1${randomChars(DIGITS, 20)}`,
      email,
      displayName: seed.displayName ?? email.slice(0, email.indexOf('@')),
      permissionId: permissionIdFor(email),
      rootId: newRootId(),
      quotaBytes: seed.quotaBytes ?? 15 * GIB,
    });
  }
}
