import { join } from 'node:path';
import {
  createDrive,
  type Drive,
  FileTokenStore,
  type Logger,
  loadProvider,
  type ProviderModule,
  type TokenStore,
} from '@polydrive/core';
import type { Env } from '../config/config-dir.js';
import type { Remote, Remotes } from './remotes.js';

/** A remote's provider module and the options to give it. */
export interface ResolvedRemote {
  readonly remote: Remote;
  readonly module: ProviderModule;
  readonly options: Record<string, unknown>;
}

/**
 * Opens remotes as Drives through core's registry, once each per command, so that two paths on
 * one remote share a Drive (and a copy between them can stay server-side). Providers that sign in
 * (their module has `auth`) get the CLI's encrypted token store as their `tokenStore` option.
 */
export class RemoteDrives {
  private readonly drives = new Map<string, Promise<Drive>>();
  private tokenStore: TokenStore | undefined;

  constructor(
    readonly remotes: Remotes,
    private readonly settings: { configDir: string; env: Env; logger?: Logger },
  ) {}

  /** The provider module of a remote and its options, with the token store where it signs in. */
  resolve(name: string): Promise<ResolvedRemote> {
    return this.resolveRemote(this.remotes.get(name));
  }

  /** Like `resolve`, for a remote given in full (e.g. the config file's, under an env override). */
  async resolveRemote(remote: Remote): Promise<ResolvedRemote> {
    const module = await loadProvider(remote.type);
    const options: Record<string, unknown> = { ...remote.options };
    if (module.auth) options.tokenStore = this.tokens();
    return { remote, module, options };
  }

  /** The Drive of a remote, opened on first use. */
  open(name: string): Promise<Drive> {
    const key = name.toLowerCase();
    let drive = this.drives.get(key);
    if (!drive) {
      drive = this.resolve(key).then(({ remote, options }) =>
        createDrive({
          provider: remote.type,
          options,
          ...(this.settings.logger ? { layers: { logger: this.settings.logger } } : {}),
        }),
      );
      this.drives.set(key, drive);
    }
    return drive;
  }

  /** Closes every Drive opened so far. */
  async closeAll(): Promise<void> {
    const opened = [...this.drives.values()];
    this.drives.clear();
    await Promise.all(opened.map((drive) => drive.then((d) => d.close()).catch(() => undefined)));
  }

  private tokens(): TokenStore {
    this.tokenStore ??= new FileTokenStore({
      path: join(this.settings.configDir, 'tokens.json'),
      env: this.settings.env,
    });
    return this.tokenStore;
  }
}
