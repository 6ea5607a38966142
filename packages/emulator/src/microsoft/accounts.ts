import { AccountDirectory } from '../server/account-directory.js';
import type { Clock } from '../server/clock.js';
import { guid, randomChars } from '../server/random.js';
import type { ExtraHash } from './graph/content.js';
import { Drive, type DriveType } from './graph/drive.js';
import { CONSUMER_TENANT_ID } from './hosts.js';
import type { MicrosoftAccountSeed } from './options.js';

/** A Microsoft account and its OneDrive. */
export interface Account {
  /** Graph user id: 16 hex digits (personal) or a GUID (business). */
  readonly id: string;
  /** The `oid` claim and client_info `uid`. */
  readonly objectId: string;
  readonly email: string;
  readonly displayName: string;
  readonly driveType: DriveType;
  readonly tenantId: string;
  /** Hashes printed beside quickXorHash. */
  readonly hashes: ReadonlySet<ExtraHash>;
  readonly drive: Drive;
}

const GIB = 1024 * 1024 * 1024;
const HEX = '0123456789abcdef';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The accounts of the Microsoft emulation, found by id or (case-insensitive) email. */
export class AccountRegistry extends AccountDirectory<Account> {
  readonly #byDrive = new Map<string, Account>();

  constructor(private readonly now: Clock) {
    super({ service: 'Microsoft', subject: 'An account' }, (account) => account.id);
  }

  /** Creates an account with an empty drive. */
  add(seed: MicrosoftAccountSeed): Account {
    const email = this.newEmail(seed.email);
    const driveType = seed.driveType ?? 'personal';
    const personal = driveType === 'personal';
    const cid = randomChars(HEX, 16);
    const id = personal ? cid : guid();
    const drive = new Drive(
      personal ? cid : `b!${randomChars(BASE64URL, 64)}`,
      driveType,
      seed.quotaTotal ?? (personal ? 5 * GIB : 1024 * GIB),
      this.now,
    );
    const account: Account = {
      id,
      objectId: personal ? `00000000-0000-0000-${cid.slice(0, 4)}-${cid.slice(4)}` : id,
      email,
      displayName: seed.displayName ?? email.slice(0, email.indexOf('@')),
      driveType,
      tenantId: personal ? CONSUMER_TENANT_ID : (seed.tenantId ?? guid()),
      hashes: new Set(seed.hashes ?? (personal ? ['sha1', 'sha256'] : [])),
      drive,
    };
    this.#byDrive.set(drive.id, account);
    return this.register(account);
  }

  /** The account owning a drive. */
  byDrive(driveId: string): Account | undefined {
    return this.#byDrive.get(driveId);
  }
}
