import { AccountDirectory } from '../server/account-directory.js';
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
export class DropboxAccounts extends AccountDirectory<DropboxAccount> {
  constructor(private readonly now: Clock) {
    super({ service: 'Dropbox', subject: 'A Dropbox account' }, (account) => account.accountId);
  }

  /** Creates an account with an empty Dropbox. */
  add(seed: DropboxAccountSeed): DropboxAccount {
    const email = this.newEmail(seed.email);
    return this.register({
      accountId: `dbid:AA${randomChars(ID_ALPHABET, 40)}`,
      email,
      displayName: seed.displayName ?? email.slice(0, email.indexOf('@')),
      accountType: seed.accountType ?? 'basic',
      quotaBytes: seed.quotaBytes ?? 2 * GIB,
      namespace: new Namespace(String(1_000_000_000 + this.size * 7919 + 17), this.now),
    });
  }
}
