import { auth } from '@googleapis/drive';
import {
  createOAuthState,
  createPkcePair,
  type FetchLike,
  FileTokenStore,
  PolydriveError,
  TokenManager,
  type TokenSet,
  type TokenStore,
} from '@polydrive/core';
import { codeExchangeError } from './oauth-errors.js';

/** Google's token, revoke and tokeninfo host; `oauthBaseUrl` stands in for it. */
export const GOOGLE_OAUTH_URL = 'https://oauth2.googleapis.com';
/** Google's consent host; `accountsBaseUrl` stands in for it. */
export const GOOGLE_ACCOUNTS_URL = 'https://accounts.google.com';

/** Full Drive access, plus the email in the id_token to name the account. */
export const DEFAULT_SCOPES: readonly string[] = [
  'https://www.googleapis.com/auth/drive',
  'openid',
  'email',
];

/** The redirect URI of the loopback login: Google desktop clients accept any loopback port. */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:8080/callback';

/** How to reach Google sign-in for one OAuth client and where to keep the login. */
export interface GoogleDriveAuthOptions {
  /** The OAuth client ID (`...apps.googleusercontent.com`). */
  readonly clientId: string;
  /** The client secret; Google issues one to desktop clients too. */
  readonly clientSecret?: string;
  readonly scopes?: readonly string[];
  readonly redirectUri?: string;
  /** Where the tokens are kept. Default: core's encrypted FileTokenStore in the user's config folder. */
  readonly tokenStore?: TokenStore;
  /** The key of this login in the store. Default `gdrive:{clientId}`. */
  readonly accountKey?: string;
  /** Stands in for https://oauth2.googleapis.com (an emulator). */
  readonly oauthBaseUrl?: string;
  /** Stands in for https://accounts.google.com (an emulator). */
  readonly accountsBaseUrl?: string;
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

/** The result of a login: the tokens kept, and the account's email when the id_token names it. */
export interface LoginResult {
  readonly tokens: TokenSet;
  readonly account?: string;
}

type OAuthClient = InstanceType<typeof auth.OAuth2>;
type AuthUrlOptions = NonNullable<Parameters<OAuthClient['generateAuthUrl']>[0]>;
type Credentials = OAuthClient['credentials'];

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function toTokenSet(credentials: Credentials): TokenSet {
  if (!credentials.access_token) {
    throw new PolydriveError('Internal', {
      message: 'Google answered the token request without an access token.',
      provider: 'gdrive',
      operation: 'refresh',
    });
  }
  return {
    accessToken: credentials.access_token,
    tokenType: credentials.token_type ?? 'Bearer',
    ...(credentials.refresh_token ? { refreshToken: credentials.refresh_token } : {}),
    ...(typeof credentials.expiry_date === 'number' ? { expiresAt: credentials.expiry_date } : {}),
    ...(credentials.scope ? { scope: credentials.scope } : {}),
    ...(credentials.id_token ? { idToken: credentials.id_token } : {}),
  };
}

/** The `email` claim of an id_token straight from Google's token endpoint (over TLS, so not verified again). */
function emailOf(idToken: string | undefined): string | undefined {
  const payload = idToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      email?: unknown;
    };
    return typeof claims.email === 'string' ? claims.email : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Google sign-in for Drive over google-auth-library's OAuth2 client (as @googleapis/drive ships
 * it): the consent URL with PKCE, `state`, offline access and `prompt=consent` (so a refresh token
 * always comes back), the code exchange, and access tokens kept fresh by core's TokenManager (one
 * refresh at a time, the refresh token kept since Google's refresh answers carry none). The
 * library's own retries are off: retrying is the job of core's layers.
 */
export class GoogleDriveAuth {
  /** The key of this login in the token store; also names the account for pacing. */
  readonly accountKey: string;
  readonly tokenManager: TokenManager;
  private readonly client: OAuthClient;
  private readonly scopes: readonly string[];
  private readonly redirectUri: string;

  constructor(options: GoogleDriveAuthOptions) {
    if (typeof options.clientId !== 'string' || options.clientId === '') {
      throw new PolydriveError('InvalidArgument', {
        message: 'Google Drive sign-in needs a clientId.',
        advice:
          'Create an OAuth client in Google Cloud and pass its client ID; see the package README.',
        provider: 'gdrive',
      });
    }
    this.scopes = options.scopes ?? DEFAULT_SCOPES;
    this.redirectUri = options.redirectUri ?? DEFAULT_REDIRECT_URI;
    this.accountKey = options.accountKey ?? `gdrive:${options.clientId}`;
    const oauthBase = trimSlash(options.oauthBaseUrl ?? GOOGLE_OAUTH_URL);
    const accountsBase = trimSlash(options.accountsBaseUrl ?? GOOGLE_ACCOUNTS_URL);
    this.client = new auth.OAuth2({
      clientId: options.clientId,
      ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
      redirectUri: this.redirectUri,
      endpoints: {
        oauth2AuthBaseUrl: `${accountsBase}/o/oauth2/v2/auth`,
        oauth2TokenUrl: `${oauthBase}/token`,
        oauth2RevokeUrl: `${oauthBase}/revoke`,
        tokenInfoUrl: `${oauthBase}/tokeninfo`,
      },
      transporterOptions: {
        retryConfig: { retry: 0, noResponseRetries: 0 },
        fetchImplementation: (options.fetch ?? globalThis.fetch) as typeof fetch,
      },
    });
    this.tokenManager = new TokenManager({
      store: options.tokenStore ?? new FileTokenStore(),
      key: this.accountKey,
      provider: 'gdrive',
      refresh: (current) => this.refresh(current),
      ...(options.refreshSkewMs !== undefined ? { refreshSkewMs: options.refreshSkewMs } : {}),
    });
  }

  /** The redirect URI used when a call does not name one. */
  get defaultRedirectUri(): string {
    return this.redirectUri;
  }

  /** Builds the consent URL, with a fresh PKCE pair and `state` (unless given). */
  getAuthorizationUrl(
    request: {
      redirectUri?: string;
      state?: string;
      scopes?: readonly string[];
      loginHint?: string;
    } = {},
  ): AuthorizationRequest {
    const pkce = createPkcePair();
    const state = request.state ?? createOAuthState();
    const redirectUri = request.redirectUri ?? this.redirectUri;
    const url = this.client.generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: true,
      scope: [...(request.scopes ?? this.scopes)],
      state,
      redirect_uri: redirectUri,
      code_challenge: pkce.challenge,
      // The library types the method as its own enum, which is the string 'S256'.
      code_challenge_method: pkce.method as unknown as AuthUrlOptions['code_challenge_method'],
      ...(request.loginHint ? { login_hint: request.loginHint } : {}),
    });
    return { url, state, codeVerifier: pkce.verifier, redirectUri };
  }

  /** Exchanges the code from the redirect for tokens and saves them. */
  async exchangeCode(request: {
    code: string;
    codeVerifier: string;
    redirectUri?: string;
  }): Promise<LoginResult> {
    let credentials: Credentials;
    try {
      ({ tokens: credentials } = await this.client.getToken({
        code: request.code,
        codeVerifier: request.codeVerifier,
        redirect_uri: request.redirectUri ?? this.redirectUri,
      }));
    } catch (err) {
      throw codeExchangeError(err);
    }
    const tokens = toTokenSet(credentials);
    if (tokens.refreshToken === undefined) {
      throw new PolydriveError('Unauthenticated', {
        message: 'Google returned no refresh token, so the login could not be kept.',
        advice:
          'Sign in again: the consent URL asks for offline access with prompt=consent; keep both if you build it yourself.',
        provider: 'gdrive',
        operation: 'exchangeCode',
      });
    }
    await this.tokenManager.setTokens(tokens);
    const account = emailOf(tokens.idToken);
    return { tokens, ...(account ? { account } : {}) };
  }

  /** A valid access token, refreshed first when it is about to expire. */
  getAccessToken(options: { signal?: AbortSignal } = {}): Promise<string> {
    return this.tokenManager.getAccessToken(options);
  }

  /** Refreshes after Drive rejected `rejected` (401); returns the new access token. */
  forceRefresh(rejected?: string): Promise<string> {
    return this.tokenManager.forceRefresh(rejected);
  }

  /**
   * Forgets the login. With `revoke` (default true) the refresh token is revoked at Google first,
   * so the grant disappears from the user's account too; a failure to revoke does not keep the
   * tokens.
   */
  async signOut(options: { revoke?: boolean } = {}): Promise<void> {
    const tokens = await this.tokenManager.getTokens().catch(() => undefined);
    const token = tokens?.refreshToken ?? tokens?.accessToken;
    if ((options.revoke ?? true) && token)
      await this.client.revokeToken(token).catch(() => undefined);
    await this.tokenManager.clear();
  }

  private async refresh(current: TokenSet): Promise<TokenSet> {
    if (!current.refreshToken) {
      throw new PolydriveError('Unauthenticated', {
        message: 'The saved Google login has no refresh token.',
        advice: 'Sign in again.',
        provider: 'gdrive',
        operation: 'refresh',
      });
    }
    this.client.setCredentials({ refresh_token: current.refreshToken });
    const { credentials } = await this.client.refreshAccessToken();
    return toTokenSet(credentials);
  }
}
