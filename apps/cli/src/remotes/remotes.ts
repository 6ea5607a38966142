import { PolydriveError, parseDriveUri } from '@polydrive/core';
import type { Env } from '../config/config-dir.js';
import { type CliConfig, configFilePath } from '../config/config-file.js';
import { isRemoteName } from './remote-name.js';

/** Environment variables that define remotes: `POLYDRIVE_REMOTE_DISK=local:///srv/files`. */
export const REMOTE_ENV_PREFIX = 'POLYDRIVE_REMOTE_';

/** A named remote, from the config file or the environment. */
export interface Remote {
  readonly name: string;
  /** The provider, e.g. `local`, `onedrive`. */
  readonly type: string;
  readonly options: Readonly<Record<string, string>>;
  /** Where it is defined: the config file, or an environment variable (which wins). */
  readonly source: 'file' | 'env';
}

/** The remotes defined by `POLYDRIVE_REMOTE_<NAME>` variables, by lower-cased name. */
export function envRemotes(env: Env): Map<string, Remote> {
  const found = new Map<string, Remote>();
  for (const [variable, uri] of Object.entries(env)) {
    if (!variable.startsWith(REMOTE_ENV_PREFIX) || !uri) continue;
    const name = variable.slice(REMOTE_ENV_PREFIX.length).toLowerCase();
    if (!isRemoteName(name)) {
      throw new PolydriveError('InvalidArgument', {
        message: `The environment variable ${variable} does not name a remote.`,
        advice: `Write it as ${REMOTE_ENV_PREFIX}<NAME> with letters, digits and _ in NAME.`,
      });
    }
    let parsed: ReturnType<typeof parseDriveUri>;
    try {
      parsed = parseDriveUri(uri);
    } catch (err) {
      throw new PolydriveError('InvalidArgument', {
        message: `${variable} does not hold a drive URI.`,
        advice:
          "Set it to 'provider:' with options, e.g. 'local:///srv/files' or 'onedrive:?clientId=...'.",
        cause: err,
      });
    }
    found.set(name, { name, type: parsed.provider, options: parsed.options, source: 'env' });
  }
  return found;
}

/** Every remote the CLI knows: the config file's, overridden by the environment's. */
export class Remotes {
  private readonly byName: Map<string, Remote>;

  constructor(
    config: CliConfig,
    env: Env,
    private readonly configDir: string,
  ) {
    this.byName = new Map(
      Object.entries(config.remotes).map(([name, spec]) => [
        name,
        { name, type: spec.type, options: spec.options, source: 'file' as const },
      ]),
    );
    for (const [name, remote] of envRemotes(env)) this.byName.set(name, remote);
  }

  /** True when a remote of this name (any case) exists. */
  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** The remote of this name; InvalidArgument listing the known ones otherwise. */
  get(name: string): Remote {
    const remote = this.byName.get(name.toLowerCase());
    if (remote) return remote;
    const known = this.all().map((r) => r.name);
    throw new PolydriveError('InvalidArgument', {
      message: `There is no remote named ${JSON.stringify(name)}.`,
      advice: `${known.length > 0 ? `Known remotes: ${known.join(', ')}. ` : ''}Add one with \`polydrive config add ${name} TYPE key=value...\` (saved in ${configFilePath(this.configDir)}) or set ${REMOTE_ENV_PREFIX}${name.toUpperCase()}=<uri>. To name a local file with a colon, start it with ./`,
    });
  }

  /** Every remote, sorted by name. */
  all(): Remote[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
