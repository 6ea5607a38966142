import { join } from 'node:path';
import { type Logger, normalizePath, PolydriveError } from '@polydrive/core';
import { configDir, type Env } from './config/config-dir.js';
import { loadConfig } from './config/config-file.js';
import type { Output } from './output/output.js';
import { LocalPlace } from './places/local-place.js';
import type { Place } from './places/place.js';
import { type PlaceArg, parsePlaceArg } from './places/place-arg.js';
import { RemotePlace } from './places/remote-place.js';
import { RemoteDrives } from './remotes/remote-drives.js';
import { Remotes } from './remotes/remotes.js';
import { UploadStates } from './state/upload-states.js';

/** Where a command runs: its environment, working folder and the signal Ctrl-C fires. */
export interface Surroundings {
  readonly env: Env;
  readonly cwd: string;
  readonly signal: AbortSignal;
}

/**
 * Everything one command invocation shares: output, the config folder, the remotes and their
 * Drives (opened once each), and the Ctrl-C signal.
 */
export class Session {
  readonly env: Env;
  readonly cwd: string;
  readonly signal: AbortSignal;
  readonly configDir: string;
  readonly uploads: UploadStates;
  /** `--debug`: layers log every call, errors show their stack. */
  readonly debug: boolean;
  private remotesLoaded: Promise<Remotes> | undefined;
  private drivesOpened: Promise<RemoteDrives> | undefined;

  constructor(
    surroundings: Surroundings,
    readonly output: Output,
    private readonly logger: Logger | undefined,
  ) {
    this.debug = logger !== undefined;
    this.env = surroundings.env;
    this.cwd = surroundings.cwd;
    this.signal = surroundings.signal;
    this.configDir = configDir(this.env);
    this.uploads = new UploadStates(join(this.configDir, 'uploads'));
  }

  /** The remotes of the config file and the environment. */
  remotes(): Promise<Remotes> {
    this.remotesLoaded ??= loadConfig(this.configDir).then(
      (config) => new Remotes(config, this.env, this.configDir),
    );
    return this.remotesLoaded;
  }

  /** The Drives of the remotes, opened on demand. */
  drives(): Promise<RemoteDrives> {
    this.drivesOpened ??= this.remotes().then(
      (remotes) =>
        new RemoteDrives(remotes, {
          configDir: this.configDir,
          env: this.env,
          ...(this.logger ? { logger: this.logger } : {}),
        }),
    );
    return this.drivesOpened;
  }

  /** Parses a path argument. */
  parse(arg: string): PlaceArg {
    return parsePlaceArg(arg, this.cwd);
  }

  /** The place a path argument names, on a remote or on this machine. */
  async place(arg: string | PlaceArg): Promise<Place> {
    const parsed = typeof arg === 'string' ? this.parse(arg) : arg;
    if (parsed.kind === 'local') return new LocalPlace(parsed.path, this.signal);
    const drive = await (await this.drives()).open(parsed.remote);
    return new RemotePlace(
      parsed.remote,
      drive,
      normalizePath(parsed.path, drive.capabilities.names),
      {
        states: this.uploads,
        signal: this.signal,
        note: (text) => this.output.note(text),
      },
    );
  }

  /** A place that must be on a remote (search, changes, about). */
  async remotePlace(arg: string, command: string): Promise<RemotePlace> {
    const parsed = this.parse(arg.includes(':') ? arg : `${arg}:`);
    const place = await this.place(parsed);
    if (!(place instanceof RemotePlace)) {
      throw new PolydriveError('InvalidArgument', {
        message: `${command} works on remotes, and ${arg} is a local path.`,
        advice: `Write NAME: or NAME:/folder, e.g. polydrive ${command} disk:.`,
      });
    }
    return place;
  }

  /** Releases every Drive opened. */
  async close(): Promise<void> {
    const drives = await this.drivesOpened?.catch(() => undefined);
    await drives?.closeAll();
  }
}
