import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningCli, type Workspace, waitFor } from './cli.js';

/** A saved upload state file, as the tests read it. */
export interface SavedStateFile {
  readonly destination: string;
  readonly state: {
    readonly offset: number;
    readonly expiresAt?: string;
    readonly session: Record<string, unknown>;
  };
}

/** The upload states saved in a workspace's config folder. */
export async function savedStates(ws: Workspace): Promise<SavedStateFile[]> {
  const dir = join(ws.configDir, 'uploads');
  const names = await readdir(dir).catch(() => [] as string[]);
  const states: SavedStateFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    states.push(JSON.parse(await readFile(join(dir, name), 'utf8')) as SavedStateFile);
  }
  return states;
}

/** Waits until the running upload has saved a state past `bytes` (for `destination`, if given). */
export async function uploadedPast(
  ws: Workspace,
  cli: RunningCli,
  bytes: number,
  destination?: string,
): Promise<void> {
  await waitFor(async () => {
    if (cli.child.exitCode !== null) throw new Error(`The upload ended early: ${cli.stderr()}`);
    const states = await savedStates(ws);
    const past = states.some(
      (s) =>
        s.state.offset >= bytes && (destination === undefined || s.destination === destination),
    );
    return past ? true : undefined;
  }, 'a saved upload state');
}

/**
 * Runs an upload to `destination` (`put` or `cp` with a `--bwlimit` slow enough to catch it) and
 * kills it once it has saved a state past `bytes`, as a crash would: the state stays.
 */
export async function killedUpload(
  ws: Workspace,
  destination: string,
  args: readonly string[],
  env: Record<string, string>,
  bytes: number,
): Promise<void> {
  const cli = ws.start(args, env);
  await uploadedPast(ws, cli, bytes, destination);
  cli.child.kill('SIGKILL');
  await cli.done;
}
