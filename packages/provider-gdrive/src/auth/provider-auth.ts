import type { LoginStart, ProviderAuth } from '@polydrive/core';
import { authFromOptions } from '../create-provider.js';
import { parseGoogleDriveOptions } from '../options.js';

/**
 * Sign-in through core's registry: apps name the provider and its options (clientId,
 * clientSecret, tokenStore, ...) and never import this package. The tokens land in the options'
 * token store under the login's account key.
 */
export const gdriveProviderAuth: ProviderAuth = {
  async beginLogin(options, request): Promise<LoginStart> {
    const auth = authFromOptions(parseGoogleDriveOptions(options));
    const { url, codeVerifier } = auth.getAuthorizationUrl({
      redirectUri: request.redirectUri,
      state: request.state,
    });
    return { url, codeVerifier };
  },
  async completeLogin(options, result) {
    const auth = authFromOptions(parseGoogleDriveOptions(options));
    const { account } = await auth.exchangeCode(result);
    return account !== undefined ? { account } : {};
  },
  async logout(options) {
    await authFromOptions(parseGoogleDriveOptions(options)).signOut();
  },
};
