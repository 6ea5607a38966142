import {
  createOAuthState,
  type FetchLike,
  FileTokenStore,
  MemoryTokenStore,
  PolydriveError,
  TokenManager,
  type TokenSet,
  type TokenStore,
} from '@polydrive/core';
import { Dropbox, DropboxAuth } from 'dropbox';
import { hostRewriter } from '../hosts.js';

/** The redirect URI to register in the App Console for the loopback login. */
export const DEFAULT_REDIRECT_URI = 'http://localhost:8080/callback';

/** How to reach Dropbox sign-in for one app and where to keep the login. */
export interface DropboxOAuthOptions {
  /** The app key. */
  readonly clientId: string;
  /** The app secret; sent when refreshing. Sign-in itself always uses PKCE. */
  readonly clientSecret?: string;
  readonly redirectUri?: string;
  /** Scopes to ask for; default the scopes enabled for the app in the App Console. */
  readonly scopes?: readonly string[];
  /** Where the tokens are kept. Default: core's encrypted FileTokenStore. */
  readonly tokenStore?: TokenStore;
  /**
   * A refresh token from an earlier offline login: the login then lives in memory and needs no
   * store (configuration-only connections). Not with `tokenStore`.
   */
  readonly refreshToken?: string;
  /** The key of this login in the store. Default `dropbox:{clientId}`. */
  readonly accountKey?: string;
  readonly fetch?: FetchLike;
  /** Stand-ins for `https://api.dropboxapi.com` and `https://dropbox.com` (an emulator). */
  readonly apiBaseUrl?: string;
  readonly webBaseUrl?: string;
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
export interface DropboxAccount {
  readonly accountId: string;
  readonly email: string;
  readonly name: string;
}

/** A finished login: the tokens kept and the account they belong to. */
export interface LoginResult {
  readonly tokens: TokenSet;
  readonly account: DropboxAccount;
}

/** The token endpoint's answer to a code exchange. */
interface CodeGrantAnswer {
  readonly access_token: string;
  readonly expires_in?: number;
  readonly refresh_token?: string;
  readonly scope?: string;
  readonly token_type?: string;
}

/**
 * Dropbox sign-in over the SDK's DropboxAuth: the authorization URL (offline access, PKCE,
 * `state`), the code exchange, and access tokens kept fresh by core's TokenManager (one refresh
 * at a time, saved in the TokenStore; Dropbox refresh tokens do not rotate). The SDK cannot be
 * pointed at other hosts, so its `fetch` rewrites them (wire reference E.2).
 */
export class DropboxOAuth {
  /** The key of this login in the token store; also names the account for pacing. */
  readonly accountKey: string;
  readonly tokenManager: TokenManager;
  private readonly clientId: string;
  private readonly clientSecret: string | undefined;
  private readonly redirectUri: string;
  private readonly scopes: readonly string[] | undefined;
  private readonly fetch: FetchLike;
  private readonly toLocal: (url: string) => string;

  constructor(options: DropboxOAuthOptions) {
    if (typeof options.clientId !== 'string' || options.clientId === '') {
      throw new PolydriveError('InvalidArgument', {
        message: 'Dropbox sign-in needs a clientId (the app key).',
        advice: 'Create an app in the Dropbox App Console and pass its app key as clientId.',
        provider: 'dropbox',
      });
    }
    if (options.refreshToken !== undefined && options.tokenStore !== undefined) {
      throw new PolydriveError('InvalidArgument', {
        message: 'Give a refreshToken or a tokenStore, not both.',
        advice:
          'Use refreshToken to connect from configuration alone, or log in once and keep the tokens in a store.',
        provider: 'dropbox',
      });
    }
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.redirectUri = options.redirectUri ?? DEFAULT_REDIRECT_URI;
    this.scopes = options.scopes;
    this.accountKey = options.accountKey ?? `dropbox:${options.clientId}`;
    const base = options.fetch ?? globalThis.fetch;
    this.toLocal = hostRewriter({
      ...(options.apiBaseUrl !== undefined ? { api: options.apiBaseUrl } : {}),
      ...(options.webBaseUrl !== undefined ? { web: options.webBaseUrl } : {}),
    });
    this.fetch = (input, init) => base(this.toLocal(String(input)), init);
    this.tokenManager = new TokenManager({
      store: options.tokenStore ?? storeFor(this.accountKey, options.refreshToken),
      key: this.accountKey,
      provider: 'dropbox',
      refresh: (current) => this.refresh(current),
      ...(options.refreshSkewMs !== undefined ? { refreshSkewMs: options.refreshSkewMs } : {}),
    });
  }

  /** The redirect URI used when a call does not name one. */
  get defaultRedirectUri(): string {
    return this.redirectUri;
  }

  /** Builds the URL to send the user to: offline access (a refresh token), PKCE and `state`. */
  async getAuthorizationUrl(
    request: { redirectUri?: string; state?: string } = {},
  ): Promise<AuthorizationRequest> {
    const redirectUri = request.redirectUri ?? this.redirectUri;
    const state = request.state ?? createOAuthState();
    const auth = new DropboxAuth({ clientId: this.clientId, fetch: this.fetch });
    // The SDK pastes values into the query string as they are, so they go in already encoded.
    const url = (await auth.getAuthenticationUrl(
      encodeURIComponent(redirectUri),
      encodeURIComponent(state),
      'code',
      'offline',
      this.scopes ? [encodeURIComponent(this.scopes.join(' '))] : undefined,
      'none',
      true,
    )) as string;
    return { url: this.toLocal(url), state, codeVerifier: auth.getCodeVerifier(), redirectUri };
  }

  /** Exchanges the code from the redirect for tokens, saves them and returns the account. */
  async exchangeCode(request: {
    code: string;
    codeVerifier: string;
    redirectUri?: string;
  }): Promise<LoginResult> {
    // PKCE needs no secret, and with one the SDK would leave the verifier out.
    const auth = new DropboxAuth({ clientId: this.clientId, fetch: this.fetch });
    auth.setCodeVerifier(request.codeVerifier);
    let answer: CodeGrantAnswer;
    try {
      const response = await auth.getAccessTokenFromCode(
        encodeURIComponent(request.redirectUri ?? this.redirectUri),
        encodeURIComponent(request.code),
      );
      answer = response.result as CodeGrantAnswer;
    } catch (err) {
      throw loginError(err);
    }
    if (!answer.refresh_token) {
      throw new PolydriveError('Unauthenticated', {
        message: 'Dropbox returned no refresh token, so the login could not be kept.',
        advice: 'Sign in again; the authorization URL asks for offline access.',
        provider: 'dropbox',
        operation: 'exchangeCode',
      });
    }
    const tokens: TokenSet = {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      tokenType: 'bearer',
      ...(answer.expires_in !== undefined
        ? { expiresAt: Date.now() + answer.expires_in * 1000 }
        : {}),
      ...(answer.scope !== undefined ? { scope: answer.scope } : {}),
    };
    const account = await this.currentAccount(tokens.accessToken);
    await this.tokenManager.setTokens(tokens);
    return { tokens, account };
  }

  /** A valid access token, refreshed first when it is about to expire. */
  getAccessToken(options: { signal?: AbortSignal } = {}): Promise<string> {
    return this.tokenManager.getAccessToken(options);
  }

  /** Refreshes after Dropbox rejected `rejected` (401); returns the new access token. */
  forceRefresh(rejected?: string): Promise<string> {
    return this.tokenManager.forceRefresh(rejected);
  }

  /** Forgets the saved login. */
  signOut(): Promise<void> {
    return this.tokenManager.clear();
  }

  private async refresh(current: TokenSet): Promise<TokenSet> {
    if (!current.refreshToken) {
      throw new PolydriveError('Unauthenticated', {
        message: `The saved Dropbox login under ${this.accountKey} has no refresh token.`,
        advice: 'Log in again (the login asks for offline access).',
        provider: 'dropbox',
        operation: 'refresh',
      });
    }
    const auth = new DropboxAuth({
      clientId: this.clientId,
      ...(this.clientSecret !== undefined ? { clientSecret: this.clientSecret } : {}),
      refreshToken: current.refreshToken,
      fetch: this.fetch,
    });
    await auth.refreshAccessToken();
    const expiresAt = auth.getAccessTokenExpiresAt();
    return {
      accessToken: auth.getAccessToken(),
      refreshToken: current.refreshToken,
      tokenType: 'bearer',
      ...(expiresAt ? { expiresAt: new Date(expiresAt).getTime() } : {}),
      ...(current.scope !== undefined ? { scope: current.scope } : {}),
    };
  }

  private async currentAccount(accessToken: string): Promise<DropboxAccount> {
    try {
      const dbx = new Dropbox({ accessToken, fetch: this.fetch });
      const { result } = await dbx.usersGetCurrentAccount();
      return { accountId: result.account_id, email: result.email, name: result.name.display_name };
    } catch (err) {
      throw loginError(err);
    }
  }
}

/**
 * The store of a configuration-only login: the refresh token, with an access token that counts
 * as expired, so the first call refreshes.
 */
function storeFor(key: string, refreshToken: string | undefined): TokenStore {
  if (refreshToken === undefined) return new FileTokenStore();
  return new MemoryTokenStore([
    [key, JSON.stringify({ accessToken: '', refreshToken, expiresAt: 0 })],
  ]);
}

/** A failed code exchange; nothing from the SDK's error (it may echo the code) reaches the message. */
function loginError(err: unknown): PolydriveError {
  const status = (err as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number') {
    return new PolydriveError('Transient', {
      message: 'Could not reach Dropbox to finish the sign-in.',
      advice: 'Check the network connection, then start the login again.',
      provider: 'dropbox',
      operation: 'exchangeCode',
    });
  }
  const body = (err as { error?: { error?: unknown; error_description?: unknown } }).error;
  const code = typeof body?.error === 'string' ? body.error : undefined;
  const description =
    typeof body?.error_description === 'string' ? body.error_description : undefined;
  return new PolydriveError(status >= 500 ? 'Transient' : 'Unauthenticated', {
    message: `Dropbox refused the sign-in${description ? `: ${description}` : ''}.`,
    advice: 'Start the login again; check the app key and the redirect URI registered for the app.',
    provider: 'dropbox',
    operation: 'exchangeCode',
    httpStatus: status,
    ...(code ? { providerCode: code } : {}),
  });
}
