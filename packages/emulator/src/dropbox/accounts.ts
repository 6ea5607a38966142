import type { Clock } from '../server/clock.js';
import { randomChars } from '../server/random.js';
import { Namespace } from './namespace.js';
import type { DropboxAccountSeed } from './options.js';

/** A Dropbox account and its namespace. */
export interface DropboxAccount {
  /** `dbid:` followed by 40 characters. */
  readonly accountId: string;
  readonly email: string;
  readonly displayName: string;
  readonly accountType: 'basic' | 'pro' | 'business';
  readonly quotaBytes: number;
  readonly namespace: Namespace;
}

const GIB = 1024 * 1024 * 1024;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** The accounts of the Dropbox emulation, found by account id or (case-insensitive) email. */
export class DropboxAccounts {
  readonly #byId = new Map<string, DropboxAccount>();
  readonly #byEmail = new Map<string, DropboxAccount>();

  constructor(private readonly now: Clock) {}

  /** Creates an account with an empty Dropbox. */
  add(seed: DropboxAccountSeed): DropboxAccount {
    const email = seed.email.trim();
    if (!email.includes('@'))
      throw new Error(`A Dropbox account needs an email address, got '${seed.email}'.`);
    if (this.#byEmail.has(email.toLowerCase())) {
      throw new Error(`A Dropbox account with email ${email} already exists.`);
    }
    const account: DropboxAccount = {
      accountId: `dbid:AA${randomChars(ID_ALPHABET, 40)}`,
      email,
      displayName: seed.displayName ?? email.slice(0, email.indexOf('@')),
      accountType: seed.accountType ?? 'basic',
      quotaBytes: seed.quotaBytes ?? 2 * GIB,
      namespace: new Namespace(String(1_000_000_000 + this.#byId.size * 7919 + 17), this.now),
    };
    this.#byId.set(account.accountId, account);
    this.#byEmail.set(email.toLowerCase(), account);
    return account;
  }

  /** An account by account id or email. */
  find(handle: string): DropboxAccount | undefined {
    return this.#byId.get(handle) ?? this.#byEmail.get(handle.toLowerCase());
  }

  /** An account by account id or email, or an Error that names what is known. */
  require(handle: string): DropboxAccount {
    const account = this.find(handle);
    if (account) return account;
    const known = this.all().map((candidate) => candidate.email);
    throw new Error(
      `No Dropbox account '${handle}'. Known: ${known.length ? known.join(', ') : 'none (add one first)'}.`,
    );
  }

  /** Every account, in creation order. */
  all(): DropboxAccount[] {
    return [...this.#byId.values()];
  }
}
