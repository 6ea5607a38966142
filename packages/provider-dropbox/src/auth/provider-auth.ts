import type { ProviderAuth } from '@polydrive/core';
import { oauthFor } from '../create-provider.js';
import { parseDropboxOptions } from '../options.js';

/**
 * Sign-in through the registry (`polydriveProvider.auth`): the authorization-code flow with PKCE
 * and offline access, tokens saved in the options' token store (core's TokenManager).
 */
export const dropboxProviderAuth: ProviderAuth = {
  async beginLogin(options, request) {
    const oauth = oauthFor(parseDropboxOptions(options));
    const started = await oauth.getAuthorizationUrl({
      redirectUri: request.redirectUri,
      state: request.state,
    });
    return { url: started.url, codeVerifier: started.codeVerifier };
  },
  async completeLogin(options, result) {
    const oauth = oauthFor(parseDropboxOptions(options));
    const login = await oauth.exchangeCode(result);
    return { account: login.account.email };
  },
  async logout(options) {
    await oauthFor(parseDropboxOptions(options)).signOut();
  },
};
