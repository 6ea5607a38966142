import type { RouteContext } from '../context.js';
import { badInput } from '../errors.js';

/** `users/get_current_account` (no argument): the FullAccount of the caller. */
export function getCurrentAccount(context: RouteContext, arg: unknown): unknown {
  requireNoArg(context, arg);
  const { account } = context;
  const [given = account.displayName, ...rest] = account.displayName.split(' ');
  return {
    account_id: account.accountId,
    name: {
      given_name: given,
      surname: rest.join(' '),
      familiar_name: given,
      display_name: account.displayName,
      abbreviated_name: account.displayName
        .split(' ')
        .map((part) => part.charAt(0).toUpperCase())
        .join(''),
    },
    email: account.email,
    email_verified: true,
    disabled: false,
    country: 'US',
    locale: 'en',
    referral_link: `https://www.dropbox.com/referrals/${account.accountId.slice(5, 15)}`,
    is_paired: false,
    account_type: { '.tag': account.accountType },
    root_info: {
      '.tag': 'user',
      root_namespace_id: account.namespace.id,
      home_namespace_id: account.namespace.id,
    },
  };
}

/** `users/get_space_usage` (no argument): used bytes and the individual allocation. */
export function getSpaceUsage(context: RouteContext, arg: unknown): unknown {
  requireNoArg(context, arg);
  return {
    used: context.account.namespace.used,
    allocation: { '.tag': 'individual', allocated: context.account.quotaBytes },
  };
}

function requireNoArg(context: RouteContext, arg: unknown): void {
  if (arg !== null) throw badInput(context.route, 'request body: expected null, got value');
}
