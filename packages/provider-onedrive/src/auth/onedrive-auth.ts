import {
  type AccountInfo,
  type AuthenticationResult,
  ConfidentialClientApplication,
  type Configuration,
  PublicClientApplication,
} from '@azure/msal-node';
import {
  createOAuthState,
  createPkcePair,
  type FetchLike,
  FileTokenStore,
  isPolydriveError,
  PolydriveError,
  TokenManager,
  type TokenSet,
  type TokenStore,
} from '@polydrive/core';
import { msalError } from './msal-errors.js';
import { createMsalNetworkClient } from './msal-network-client.js';
import { TokenStoreCachePlugin } from './token-store-cache-plugin.js';

/** The real Microsoft sign-in host; `loginBaseUrl` stands in for it (an emulator). */
export const MICROSOFT_LOGIN_URL = 'https://login.microsoftonline.com';

/** Scopes a OneDrive connection needs: files everywhere the user can reach, a refresh token, the profile. */
export const DEFAULT_SCOPES: readonly string[] = [
  'Files.ReadWrite.All',
  'offline_access',
  'User.Read',
];

/** The redirect URI to register for the loopback login. */
export const DEFAULT_REDIRECT_URI = 'http://localhost:8080/callback';

/** How to reach Microsoft sign-in for one app registration and where to keep the login. */
export interface OneDriveAuthOptions {
  /** The Application (client) ID of the app registration. */
  readonly clientId: string;
  /** A client secret: makes this a confidential (web) client. Leave out for a public client. */
  readonly clientSecret?: string;
  /** `common` (default), `organizations`, `consumers`, or a tenant id or domain. */
  readonly tenant?: string;
  readonly scopes?: readonly string[];
  readonly redirectUri?: string;
  /**
   * Where msal's token cache and the current access token are kept. Default: core's encrypted
   * FileTokenStore in the user's config folder, so a login made once (say by the CLI) is found again.
   */
  readonly tokenStore?: TokenStore;
  /** The key this login is kept under in the store. Default `onedrive:{tenant}:{clientId}[:{account}]`. */
  readonly accountKey?: string;
  /** The username (or msal home account id) to use when the cache holds several accounts. */
  readonly account?: string;
  /** Base URL standing in for https://login.microsoftonline.com (an emulator). */
  readonly loginBaseUrl?: string;
  readonly fetch?: FetchLike;
  /** Refresh the access token when it expires within this many ms. Default 5 minutes. */
  readonly refreshSkewMs?: number;
}

/** What `getAuthorizationUrl` returns: send the user to `url`, keep `state` and `codeVerifier`. */
export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

/** The signed-in account. */
export interface OneDriveAccount {
  readonly username: string;
  readonly homeAccountId: string;
  readonly tenantId: string;
  readonly name?: string;
}

/** The result of a login: the tokens Polydrive keeps and the account they belong to. */
export interface LoginResult {
  readonly tokens: TokenSet;
  readonly account: OneDriveAccount;
}

function toTokenSet(result: AuthenticationResult): TokenSet {
  return {
    accessToken: result.accessToken,
    tokenType: result.tokenType || 'Bearer',
    scope: result.scopes.join(' '),
    ...(result.expiresOn ? { expiresAt: result.expiresOn.getTime() } : {}),
    ...(result.idToken ? { idToken: result.idToken } : {}),
  };
}

function toAccount(account: AccountInfo): OneDriveAccount {
  return {
    username: account.username,
    homeAccountId: account.homeAccountId,
    tenantId: account.tenantId,
    ...(account.name ? { name: account.name } : {}),
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Microsoft sign-in for OneDrive over msal-node: the authorization URL with PKCE and state, the
 * code exchange, and access tokens kept fresh by core's TokenManager (one refresh at a time,
 * through msal's refresh token). msal's cache lives in the TokenStore, so a new process picks up
 * the login, and rotated refresh tokens are saved.
 */
export class OneDriveAuth {
  /** The key of this login in the token store; also names the account for pacing. */
  readonly accountKey: string;
  readonly tokenManager: TokenManager;
  private readonly app: PublicClientApplication | ConfidentialClientApplication;
  private readonly scopes: readonly string[];
  private readonly redirectUri: string;
  private readonly accountHint: string | undefined;
  private readonly loginBaseUrl: string | undefined;
  private readonly store: TokenStore;
  private readonly cacheKey: string;

  constructor(options: OneDriveAuthOptions) {
    if (typeof options.clientId !== 'string' || options.clientId === '') {
      throw new PolydriveError('InvalidArgument', {
        message: 'OneDrive sign-in needs a clientId.',
        advice: 'Register an app in Microsoft Entra ID and pass its Application (client) ID.',
        provider: 'onedrive',
      });
    }
    const tenant = options.tenant ?? 'common';
    this.scopes = options.scopes ?? DEFAULT_SCOPES;
    this.redirectUri = options.redirectUri ?? DEFAULT_REDIRECT_URI;
    this.accountHint = options.account;
    this.loginBaseUrl = options.loginBaseUrl ? trimSlash(options.loginBaseUrl) : undefined;
    this.store = options.tokenStore ?? new FileTokenStore();
    this.accountKey =
      options.accountKey ??
      ['onedrive', tenant, options.clientId, ...(options.account ? [options.account] : [])].join(
        ':',
      );
    this.cacheKey = `${this.accountKey}:msal-cache`;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const config: Configuration = {
      auth: {
        clientId: options.clientId,
        authority: `${MICROSOFT_LOGIN_URL}/${encodeURIComponent(tenant)}`,
        ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
      },
      cache: { cachePlugin: new TokenStoreCachePlugin(this.store, this.cacheKey) },
      system: { networkClient: createMsalNetworkClient(fetchImpl, (url) => this.toLoginUrl(url)) },
    };
    this.app = options.clientSecret
      ? new ConfidentialClientApplication(config)
      : new PublicClientApplication(config);
    this.tokenManager = new TokenManager({
      store: this.store,
      key: this.accountKey,
      provider: 'onedrive',
      refresh: () => this.refreshThroughMsal(),
      ...(options.refreshSkewMs !== undefined ? { refreshSkewMs: options.refreshSkewMs } : {}),
    });
  }

  /** The redirect URI used when a call does not name one. */
  get defaultRedirectUri(): string {
    return this.redirectUri;
  }

  /** Builds the URL to send the user to, with a fresh PKCE pair and `state` (unless given). */
  async getAuthorizationUrl(
    request: {
      redirectUri?: string;
      state?: string;
      scopes?: readonly string[];
      loginHint?: string;
      prompt?: 'login' | 'select_account' | 'consent' | 'none';
    } = {},
  ): Promise<AuthorizationRequest> {
    const pkce = createPkcePair();
    const state = request.state ?? createOAuthState();
    const redirectUri = request.redirectUri ?? this.redirectUri;
    try {
      const url = await this.app.getAuthCodeUrl({
        scopes: [...(request.scopes ?? this.scopes)],
        redirectUri,
        state,
        codeChallenge: pkce.challenge,
        codeChallengeMethod: pkce.method,
        ...(request.loginHint ? { loginHint: request.loginHint } : {}),
        ...(request.prompt ? { prompt: request.prompt } : {}),
      });
      return { url: this.toLoginUrl(url), state, codeVerifier: pkce.verifier, redirectUri };
    } catch (err) {
      throw msalError(err, 'getAuthorizationUrl');
    }
  }

  /**
   * Exchanges the code from the redirect for tokens, saves the login (other accounts under the
   * same key are dropped: one key, one account) and returns it.
   */
  async exchangeCode(request: {
    code: string;
    codeVerifier: string;
    redirectUri?: string;
    scopes?: readonly string[];
  }): Promise<LoginResult> {
    let result: AuthenticationResult;
    try {
      result = await this.app.acquireTokenByCode({
        code: request.code,
        codeVerifier: request.codeVerifier,
        redirectUri: request.redirectUri ?? this.redirectUri,
        scopes: [...(request.scopes ?? this.scopes)],
      });
    } catch (err) {
      throw msalError(err, 'exchangeCode');
    }
    if (!result.account) {
      throw new PolydriveError('Unauthenticated', {
        message: 'Microsoft sign-in returned tokens without an account (no id_token).',
        advice: "Ask for the 'openid' and 'offline_access' scopes so the login can be refreshed.",
        provider: 'onedrive',
        operation: 'exchangeCode',
      });
    }
    const cache = this.app.getTokenCache();
    for (const other of await cache.getAllAccounts()) {
      if (other.homeAccountId !== result.account.homeAccountId) await cache.removeAccount(other);
    }
    const tokens = toTokenSet(result);
    await this.tokenManager.setTokens(tokens);
    return { tokens, account: toAccount(result.account) };
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async getAccessToken(options: { signal?: AbortSignal } = {}): Promise<string> {
    try {
      return await this.tokenManager.getAccessToken(options);
    } catch (err) {
      // msal's cache may hold a login whose current access token was never saved on its own
      // (a store filled by another tool, or one whose token entry was deleted): seed it once.
      if (!isPolydriveError(err, 'Unauthenticated') || (await this.tokenManager.getTokens()))
        throw err;
      await this.tokenManager.setTokens(await this.refreshThroughMsal(false));
      return this.tokenManager.getAccessToken(options);
    }
  }

  /** Refreshes after Graph rejected `rejected` (401); returns the new access token. */
  forceRefresh(rejected?: string): Promise<string> {
    return this.tokenManager.forceRefresh(rejected);
  }

  /** The account this login uses, or undefined when nobody is signed in. */
  async getAccount(): Promise<OneDriveAccount | undefined> {
    const account = await this.findAccount();
    return account ? toAccount(account) : undefined;
  }

  /** Forgets the login: msal's cache and the saved access token. */
  async signOut(): Promise<void> {
    const cache = this.app.getTokenCache();
    for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
    await this.store.delete(this.cacheKey);
    await this.tokenManager.clear();
  }

  private toLoginUrl(url: string): string {
    if (this.loginBaseUrl && url.startsWith(`${MICROSOFT_LOGIN_URL}/`)) {
      return this.loginBaseUrl + url.slice(MICROSOFT_LOGIN_URL.length);
    }
    return url;
  }

  private async findAccount(): Promise<AccountInfo | undefined> {
    const accounts = await this.app.getTokenCache().getAllAccounts();
    if (this.accountHint !== undefined) {
      const hint = this.accountHint.toLowerCase();
      return accounts.find(
        (a) => a.username.toLowerCase() === hint || a.homeAccountId.toLowerCase() === hint,
      );
    }
    if (accounts.length > 1) {
      throw new PolydriveError('InvalidArgument', {
        message: `The token store holds ${accounts.length} Microsoft accounts under ${this.accountKey}.`,
        advice:
          'Pass `account` (the username) to choose one, or give each account its own accountKey.',
        provider: 'onedrive',
      });
    }
    return accounts[0];
  }

  private async refreshThroughMsal(forceRefresh = true): Promise<TokenSet> {
    const account = await this.findAccount();
    if (!account) {
      throw new PolydriveError('Unauthenticated', {
        message: `No Microsoft login is saved under ${this.accountKey}${this.accountHint ? ` for ${this.accountHint}` : ''}.`,
        advice: 'Log in first (for example with loginWithLoopback).',
        provider: 'onedrive',
        operation: 'refresh',
      });
    }
    try {
      const result = await this.app.acquireTokenSilent({
        account,
        scopes: [...this.scopes],
        forceRefresh,
      });
      return toTokenSet(result);
    } catch (err) {
      throw msalError(err, 'refresh');
    }
  }
}
