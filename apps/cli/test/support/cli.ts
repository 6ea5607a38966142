import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI. */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin.js');

/** What a finished CLI run left. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A temporary home for one test: a config folder, a fresh token key, a working folder. */
export interface Workspace {
  readonly dir: string;
  readonly configDir: string;
  readonly env: Record<string, string>;
  /** A new folder inside the workspace. */
  folder(name: string): Promise<string>;
  /** Runs `polydrive ...args` and waits for it to end. */
  run(args: readonly string[], extraEnv?: Record<string, string>): Promise<CliResult>;
  /** Starts `polydrive ...args` and returns the child, for interrupting it. */
  start(args: readonly string[], extraEnv?: Record<string, string>): RunningCli;
  remove(): Promise<void>;
}

/** A CLI process still running, with what it printed so far. */
export interface RunningCli {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves when it ends. */
  readonly done: Promise<CliResult>;
}

/** Creates a workspace; call `remove` after the test. */
export async function workspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'polydrive-cli-'));
  const configDir = join(dir, 'config');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    POLYDRIVE_CONFIG_DIR: configDir,
    POLYDRIVE_TOKEN_KEY: randomBytes(32).toString('base64'),
  };
  const start = (args: readonly string[], extraEnv: Record<string, string> = {}): RunningCli => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const done = new Promise<CliResult>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
    return { child, stdout: () => stdout, stderr: () => stderr, done };
  };
  return {
    dir,
    configDir,
    env,
    folder: async (name) => {
      const path = join(dir, name);
      await mkdir(path, { recursive: true });
      return path;
    },
    run: (args, extraEnv) => start(args, extraEnv).done,
    start,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Waits until `check` returns a value, polling every few ms; throws after `limitMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
  limitMs = 15_000,
): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
