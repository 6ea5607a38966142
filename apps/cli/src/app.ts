import type { Command } from 'commander';
import { Output, type OutputStreams } from './output/output.js';
import { stderrLogger } from './output/stderr-logger.js';
import { Session, type Surroundings } from './session.js';

/** The options every command takes. */
export interface GlobalOptions {
  readonly json?: boolean;
  readonly debug?: boolean;
  /** False with `--no-progress`. */
  readonly progress?: boolean;
}

/** What the CLI runs with: arguments, environment, streams and the Ctrl-C signal. */
export interface CliIo extends Surroundings, OutputStreams {
  /** The arguments after `polydrive`. */
  readonly argv: readonly string[];
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && !['', '0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

/** One run of the CLI: it creates the command's Session once the global options are parsed. */
export class App {
  private current: Session | undefined;
  private fallbackOutput: Output | undefined;

  constructor(readonly io: CliIo) {}

  /** The session of the running command, made from the global options on first use. */
  session(command: Command): Session {
    if (!this.current) {
      const options = command.optsWithGlobals() as GlobalOptions;
      const output = new Output(this.io, {
        json: options.json === true,
        progress: options.progress !== false,
      });
      const debug = options.debug === true || truthy(this.io.env.POLYDRIVE_DEBUG);
      this.current = new Session(this.io, output, debug ? stderrLogger(this.io.stderr) : undefined);
    }
    return this.current;
  }

  /** Runs a command's body with its session. */
  async run(command: Command, body: (session: Session) => Promise<void>): Promise<void> {
    await body(this.session(command));
  }

  /** Where errors are reported: the session's output, or plain stderr if none was made. */
  get output(): Output {
    if (this.current) return this.current.output;
    this.fallbackOutput ??= new Output(this.io, { json: false, progress: false });
    return this.fallbackOutput;
  }

  /** Whether `--debug` (or POLYDRIVE_DEBUG) is on. */
  get debug(): boolean {
    return this.current?.debug ?? truthy(this.io.env.POLYDRIVE_DEBUG);
  }

  /** Releases what the command opened. */
  async close(): Promise<void> {
    await this.current?.close();
  }
}
