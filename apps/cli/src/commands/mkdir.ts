import type { Command } from 'commander';
import type { App } from '../app.js';
import type { Session } from '../session.js';

async function mkdir(session: Session, args: readonly string[], parents: boolean): Promise<void> {
  const created: string[] = [];
  for (const arg of args) {
    const place = await session.place(arg);
    await place.mkdir({ recursive: parents });
    created.push(place.label);
  }
  if (session.output.json) session.output.value({ created });
}

/** `polydrive mkdir [-p] PATH...`: create folders. */
export function registerMkdir(program: Command, app: App): void {
  program
    .command('mkdir')
    .description('create folders')
    .argument('<paths...>', 'remote:/folder or local folders')
    .option('-p, --parents', 'create missing parents; an existing folder is fine')
    .action(async (paths: string[], options: { parents?: boolean }, cmd: Command) =>
      app.run(cmd, (s) => mkdir(s, paths, options.parents === true)),
    );
}
