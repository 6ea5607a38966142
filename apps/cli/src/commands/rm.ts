import { PolydriveError } from '@polydrive/core';
import type { Command } from 'commander';
import type { App } from '../app.js';
import type { Session } from '../session.js';

async function rm(session: Session, args: readonly string[], recursive: boolean): Promise<void> {
  const removed: string[] = [];
  for (const arg of args) {
    const place = await session.place(arg);
    const entry = await place.stat();
    if (entry.kind === 'folder' && !recursive) {
      throw new PolydriveError('InvalidArgument', {
        message: `${place.label} is a folder.`,
        advice: 'Pass -r to remove it with everything inside.',
      });
    }
    await place.remove({ recursive });
    removed.push(place.label);
  }
  if (session.output.json) session.output.value({ removed });
}

/** `polydrive rm [-r] PATH...`: remove files, and folders with -r. */
export function registerRm(program: Command, app: App): void {
  program
    .command('rm')
    .description('remove files (and folders with -r)')
    .argument('<paths...>', 'remote:/path or local paths')
    .option('-r, --recursive', 'remove folders with everything inside')
    .action(async (paths: string[], options: { recursive?: boolean }, cmd: Command) =>
      app.run(cmd, (s) => rm(s, paths, options.recursive === true)),
    );
}
