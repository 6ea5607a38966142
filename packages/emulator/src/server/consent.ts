import { escapeHtml } from './html.js';

/** An account offered on a consent page. */
export interface ConsentAccount {
  readonly email: string;
  readonly displayName: string;
}

/** A service's consent page: its wording, the accounts offered and what went wrong, if anything. */
export interface ConsentPage<Account extends ConsentAccount> {
  readonly title: string;
  readonly heading: string;
  /** The sentence naming the app and what it asks for, as HTML. */
  readonly request: string;
  readonly accounts: readonly Account[];
  /** Index of the account chosen beforehand. */
  readonly checked: number;
  /** Words after an account's name and address, e.g. its kind. */
  readonly note?: (account: Account) => string;
  readonly allow: string;
  readonly deny: string;
  readonly problem: string | undefined;
}

/** What the consent form's POST answered. */
export type ConsentAnswer<Account> =
  | { readonly kind: 'deny' }
  | { readonly kind: 'unanswered' }
  | { readonly kind: 'unknownAccount' }
  | { readonly kind: 'allow'; readonly account: Account };

/**
 * The consent page: an account picker and the allow and deny buttons, in a form that POSTs back
 * to the same URL with `account` and `consent` (accept or deny). A test can skip the page and
 * POST those fields itself.
 */
export function consentPage<Account extends ConsentAccount>(page: ConsentPage<Account>): string {
  const choices = page.accounts
    .map(
      (account, index) =>
        `<label><input type="radio" name="account" value="${escapeHtml(account.email)}"${index === page.checked ? ' checked' : ''}> ` +
        `${escapeHtml(account.displayName)} &lt;${escapeHtml(account.email)}&gt;${page.note?.(account) ?? ''}</label><br>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${page.title}</title></head>
<body>
<h1>${page.heading}</h1>
${page.problem ? `<p role="alert">${escapeHtml(page.problem)}</p>` : ''}
<p>${page.request}</p>
<form method="post">
<fieldset><legend>Account</legend>
${choices || '<p>No accounts are seeded; add one through the emulator handle or the bin flags.</p>'}
</fieldset>
<button type="submit" name="consent" value="accept">${page.allow}</button>
<button type="submit" name="consent" value="deny">${page.deny}</button>
</form>
</body></html>
`;
}

/** The index of the account a `login_hint` names, else the first. */
export function hintedAccount(
  accounts: readonly ConsentAccount[],
  hint: string | undefined,
): number {
  const email = hint?.toLowerCase();
  return Math.max(
    0,
    accounts.findIndex((account) => account.email.toLowerCase() === email),
  );
}

/**
 * Reads the consent form: deny, no answer, or allow with the account chosen (by `find`), or the
 * only account offered when none was chosen.
 */
export function consentAnswer<Account>(
  form: URLSearchParams,
  accounts: readonly Account[],
  find: (handle: string) => Account | undefined,
): ConsentAnswer<Account> {
  const consent = form.get('consent');
  if (consent === 'deny') return { kind: 'deny' };
  if (consent !== 'accept') return { kind: 'unanswered' };
  const chosen = form.get('account');
  const account =
    chosen === null ? (accounts.length === 1 ? accounts[0] : undefined) : find(chosen);
  return account === undefined ? { kind: 'unknownAccount' } : { kind: 'allow', account };
}
