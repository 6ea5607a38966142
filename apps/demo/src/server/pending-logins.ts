/** A sign-in between the redirect to the provider and its callback. */
export interface PendingLogin {
  readonly connectionId: string;
  /** The PKCE verifier: stays on the server. */
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

/** How long a user may take on the provider's consent page. */
export const LOGIN_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Sign-ins in progress, by their OAuth `state`. Each can be taken once, and only before it
 * expires, so a callback cannot be replayed.
 */
export class PendingLogins {
  private readonly pending = new Map<string, PendingLogin & { readonly expiresAt: number }>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Remembers a sign-in under its state. */
  add(state: string, login: PendingLogin): void {
    this.dropExpired();
    this.pending.set(state, { ...login, expiresAt: this.now() + LOGIN_TIMEOUT_MS });
  }

  /** The sign-in started with this state, removed from the store; undefined if unknown or expired. */
  take(state: string): PendingLogin | undefined {
    this.dropExpired();
    const login = this.pending.get(state);
    this.pending.delete(state);
    if (!login) return undefined;
    const { connectionId, codeVerifier, redirectUri } = login;
    return { connectionId, codeVerifier, redirectUri };
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [state, login] of this.pending)
      if (login.expiresAt <= now) this.pending.delete(state);
  }
}
