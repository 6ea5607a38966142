/** How a service's accounts are named in the errors of {@link AccountDirectory}. */
export interface AccountWording {
  /** The service in "No Google account 'x'". */
  readonly service: string;
  /** The subject of "An account needs an email address". */
  readonly subject: string;
}

/**
 * A service's accounts, found by id or (case-insensitive) email, in creation order. The service
 * builds its accounts; this checks that each has a fresh email address and finds them again.
 */
export class AccountDirectory<Account extends { readonly email: string }> {
  readonly #byId = new Map<string, Account>();
  readonly #byEmail = new Map<string, Account>();

  constructor(
    private readonly wording: AccountWording,
    private readonly idOf: (account: Account) => string,
  ) {}

  /** The email address a new account is to have, trimmed; an Error when it is unusable or taken. */
  newEmail(raw: string): string {
    const email = raw.trim();
    if (!email.includes('@'))
      throw new Error(`${this.wording.subject} needs an email address, got '${raw}'.`);
    if (this.#byEmail.has(email.toLowerCase())) {
      throw new Error(`${this.wording.subject} with email ${email} already exists.`);
    }
    return email;
  }

  /** Adds an account built around an email from {@link newEmail}. */
  protected register(account: Account): Account {
    this.#byId.set(this.idOf(account), account);
    this.#byEmail.set(account.email.toLowerCase(), account);
    return account;
  }

  /** How many accounts there are. */
  get size(): number {
    return this.#byId.size;
  }

  /** An account by id or email. */
  find(handle: string): Account | undefined {
    return this.#byId.get(handle) ?? this.#byEmail.get(handle.toLowerCase());
  }

  /** An account by id or email, or an Error that names what is known. */
  require(handle: string): Account {
    const account = this.find(handle);
    if (account) return account;
    const known = this.all().map((candidate) => candidate.email);
    throw new Error(
      `No ${this.wording.service} account '${handle}'. Known: ${known.length ? known.join(', ') : 'none (add one first)'}.`,
    );
  }

  /** Every account, in creation order. */
  all(): Account[] {
    return [...this.#byId.values()];
  }
}
