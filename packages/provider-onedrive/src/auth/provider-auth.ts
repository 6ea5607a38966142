import type { ProviderAuth } from '@polydrive/core';
import { authFromOptions, providerFetch } from '../create-provider.js';
import { parseOneDriveOptions } from '../options.js';

function authFor(raw: Record<string, unknown>) {
  const options = parseOneDriveOptions(raw);
  return authFromOptions(options, providerFetch(options));
}

/**
 * Sign-in through the registry: apps (the CLI, the demo) start and finish the Microsoft login
 * with the same options they give `createDrive`, without importing this package.
 */
export const onedriveProviderAuth: ProviderAuth = {
  async beginLogin(options, { redirectUri, state }) {
    const request = await authFor(options).getAuthorizationUrl({ redirectUri, state });
    return { url: request.url, codeVerifier: request.codeVerifier };
  },
  async completeLogin(options, { code, codeVerifier, redirectUri }) {
    const { account } = await authFor(options).exchangeCode({ code, codeVerifier, redirectUri });
    return { account: account.username };
  },
  async logout(options) {
    await authFor(options).signOut();
  },
};
