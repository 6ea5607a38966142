import {
  type Capabilities,
  createDrive,
  type DefaultLayersOptions,
  type Drive,
  isPolydriveError,
  type LoginStart,
  PolydriveError,
  type ProviderAuth,
  type RetryInfo,
} from '@polydrive/core';
import type { DemoEvents } from './demo-events.js';

/** Where a connection's files live. */
export type ConnectionMode = 'local' | 'memory' | 'emulated' | 'real';

/** Whether a connection can be used now, and if not, what the user can do about it. */
export type ConnectionState = 'connected' | 'signed-out' | 'needs-reconnect' | 'unavailable';

/** What the page needs to know of a provider's capabilities. */
export interface ConnectionFeatures {
  readonly search: boolean;
  /** Uploads can take a free name instead of failing on a taken one. */
  readonly renameOnConflict: boolean;
  /** Deleted items go to the provider's trash. */
  readonly trash: boolean;
}

/** A connection as the API shows it: no options, no tokens. */
export interface ConnectionView {
  readonly id: string;
  readonly label: string;
  readonly provider: string;
  readonly mode: ConnectionMode;
  readonly state: ConnectionState;
  /** A line under the label: the folder, or where the account lives. */
  readonly description: string;
  /** The signed-in account's name, when the provider reported one. */
  readonly account?: string;
  /** Why the connection is unavailable, or why the last sign-in failed. */
  readonly problem?: string;
  readonly features?: ConnectionFeatures;
}

/** How to build a connection. */
export interface ConnectionInit {
  /** A short slug, used in URLs. */
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** The registry name of the provider. */
  readonly provider: string;
  readonly mode: ConnectionMode;
  /** Provider options, the token store included; never shown. */
  readonly options?: Record<string, unknown>;
  readonly capabilities?: Capabilities;
  /** Sign-in, for cloud accounts; local and memory connections have none and are always connected. */
  readonly auth?: ProviderAuth;
  /** Set when the provider cannot be used here: says why. */
  readonly unavailable?: string;
  /** The standard layers of every drive; the connection adds its retry reporting. */
  readonly layers?: DefaultLayersOptions | false;
  readonly events: DemoEvents;
}

/**
 * One entry of the sidebar: a provider, its options and sign-in, its state, and the Drive built
 * from them once signed in. It talks to the provider only through the registry and the facade.
 */
export class Connection {
  readonly id: string;
  readonly label: string;
  private readonly init: ConnectionInit;
  private state: ConnectionState;
  private account: string | undefined;
  private problem: string | undefined;
  private drivePromise: Promise<Drive> | undefined;

  constructor(init: ConnectionInit) {
    this.init = init;
    this.id = init.id;
    this.label = init.label;
    this.problem = init.unavailable;
    this.state = init.unavailable ? 'unavailable' : init.auth ? 'signed-out' : 'connected';
  }

  /** The connection for the API and the page. */
  view(): ConnectionView {
    const { id, label, description, provider, mode, capabilities } = this.init;
    return {
      id,
      label,
      description,
      provider,
      mode,
      state: this.state,
      ...(this.account ? { account: this.account } : {}),
      ...(this.problem ? { problem: this.problem } : {}),
      ...(capabilities && this.state !== 'unavailable'
        ? {
            features: {
              search: capabilities.search,
              renameOnConflict: capabilities.conflictPolicies.includes('rename'),
              trash: capabilities.trash,
            },
          }
        : {}),
    };
  }

  /** True when the user can start a sign-in for this connection. */
  get canSignIn(): boolean {
    return this.init.auth !== undefined && this.state !== 'unavailable';
  }

  /**
   * The Drive of this connection. Throws Unauthenticated when it is not signed in (yet or any
   * more) and Unsupported when it is unavailable, each saying what to do.
   */
  async drive(): Promise<Drive> {
    if (this.state === 'unavailable') {
      throw new PolydriveError('Unsupported', {
        message: `${this.label} is not available in this demo: ${this.problem}`,
        advice: 'Use another connection.',
        provider: this.init.provider,
      });
    }
    if (this.state !== 'connected') {
      throw new PolydriveError('Unauthenticated', {
        message: `${this.label} is not connected.`,
        advice: `${this.state === 'needs-reconnect' ? 'Reconnect' : 'Connect'} ${this.label} first.`,
        provider: this.init.provider,
      });
    }
    return this.openDrive();
  }

  /** Starts a sign-in: the provider's authorisation URL for `redirectUri`, carrying `state`. */
  async beginLogin(redirectUri: string, state: string): Promise<LoginStart> {
    return this.requireAuth().beginLogin(this.options(), { redirectUri, state });
  }

  /** Finishes a sign-in with the code from the callback; the tokens go to the token store. */
  async completeLogin(code: string, codeVerifier: string, redirectUri: string): Promise<void> {
    const { account } = await this.requireAuth().completeLogin(this.options(), {
      code,
      codeVerifier,
      redirectUri,
    });
    await this.closeDrive();
    this.account = account;
    this.problem = undefined;
    this.setState('connected');
  }

  /** Records why a sign-in failed, for the page to show. */
  noteLoginFailure(problem: string): void {
    this.problem = problem;
    this.init.events.emit({ type: 'connections' });
  }

  /** Signs out: forgets the saved tokens and the drive. */
  async disconnect(): Promise<void> {
    await this.requireAuth().logout(this.options());
    await this.closeDrive();
    this.account = undefined;
    this.problem = undefined;
    this.setState('signed-out');
  }

  /**
   * Learns from a failed call: this provider rejecting the login means the account must be
   * connected again. (In a transfer the error may come from the other end's provider.)
   */
  noteFailure(err: unknown): void {
    if (
      this.init.auth &&
      this.state === 'connected' &&
      isPolydriveError(err, 'Unauthenticated') &&
      (err.provider === undefined || err.provider === this.init.provider)
    ) {
      this.setState('needs-reconnect');
    }
  }

  /**
   * For real accounts: checks whether a login saved earlier (say by the CLI, in the same token
   * store) still works, so the page shows the account as connected without a new sign-in.
   */
  async probe(): Promise<void> {
    if (this.state !== 'signed-out') return;
    try {
      await (await this.openDrive()).stat('/');
      this.setState('connected');
    } catch (err) {
      await this.closeDrive();
      if (!isPolydriveError(err, 'Unauthenticated')) {
        this.noteLoginFailure(isPolydriveError(err) ? err.message : String(err));
      }
    }
  }

  /** Closes the drive, if one was opened. */
  async close(): Promise<void> {
    await this.closeDrive();
  }

  private openDrive(): Promise<Drive> {
    if (!this.drivePromise) {
      const { provider, layers = {} } = this.init;
      this.drivePromise = createDrive({
        provider,
        options: this.options(),
        layers: this.withRetryReports(layers),
      });
      this.drivePromise.catch(() => {
        this.drivePromise = undefined;
      });
    }
    return this.drivePromise;
  }

  private async closeDrive(): Promise<void> {
    const pending = this.drivePromise;
    this.drivePromise = undefined;
    if (pending) await (await pending.catch(() => undefined))?.close();
  }

  private withRetryReports(layers: DefaultLayersOptions | false): DefaultLayersOptions | false {
    if (layers === false || layers.retry === false) return layers;
    const retry = layers.retry ?? {};
    return {
      ...layers,
      retry: {
        ...retry,
        onRetry: (info) => {
          retry.onRetry?.(info);
          this.init.events.emit({
            type: 'retry',
            connection: this.id,
            message: retryMessage(this.label, info),
            delayMs: info.delayMs,
          });
        },
      },
    };
  }

  private requireAuth(): ProviderAuth {
    if (!this.init.auth || this.state === 'unavailable') {
      throw new PolydriveError('InvalidArgument', {
        message: `${this.label} has no sign-in.`,
        advice: 'Only cloud connections are connected and disconnected.',
      });
    }
    return this.init.auth;
  }

  private options(): Record<string, unknown> {
    return { ...this.init.options };
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.init.events.emit({ type: 'connections' });
  }
}

/** "Dropbox is throttling, retrying in 12 s", or the like for a temporary failure. */
export function retryMessage(label: string, info: RetryInfo): string {
  const wait = `retrying in ${Math.max(1, Math.ceil(info.delayMs / 1000))} s`;
  return info.error.code === 'RateLimited'
    ? `${label} is throttling, ${wait}`
    : `${label} had a temporary problem (${info.error.code}), ${wait}`;
}
