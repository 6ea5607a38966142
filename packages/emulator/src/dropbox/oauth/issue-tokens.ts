import type { DropboxAccount } from '../accounts.js';
import type { DropboxState } from '../state.js';
import type { TokenAccessType } from '../tokens.js';

/** The scopes an app gets when it asks for none. */
export const DEFAULT_SCOPE =
  'account_info.read files.content.read files.content.write files.metadata.read files.metadata.write sharing.read sharing.write';

/** The token endpoint's answer to a code grant (wire reference D.3). */
export interface TokenJson {
  access_token: string;
  token_type: 'bearer';
  expires_in?: number;
  refresh_token?: string;
  scope: string;
  uid: string;
  account_id: string;
}

/**
 * Issues the tokens of a grant: `offline` gives a short-lived access token and a refresh token,
 * `online` the access token alone, `legacy` an access token that never expires.
 */
export function issueTokens(
  state: DropboxState,
  account: DropboxAccount,
  grant: { clientId: string; scope: string; accessType: TokenAccessType; pkce: boolean },
): TokenJson {
  const lifetime =
    grant.accessType === 'legacy' ? undefined : state.options.accessTokenLifetimeSeconds;
  return {
    access_token: state.tokens.issueAccess(account.accountId, lifetime),
    token_type: 'bearer',
    ...(lifetime !== undefined ? { expires_in: lifetime } : {}),
    ...(grant.accessType === 'offline'
      ? {
          refresh_token: state.tokens.issueRefresh(
            account.accountId,
            grant.clientId,
            grant.scope,
            grant.pkce,
          ),
        }
      : {}),
    scope: grant.scope,
    uid: account.namespace.id,
    account_id: account.accountId,
  };
}
