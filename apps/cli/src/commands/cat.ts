import type { Command } from 'commander';
import type { App } from '../app.js';
import type { Session } from '../session.js';

async function cat(session: Session, args: readonly string[]): Promise<void> {
  for (const arg of args) {
    const place = await session.place(arg);
    for await (const chunk of await place.read()) await session.output.bytes(chunk);
  }
}

/** `polydrive cat PATH...`: files' bytes on stdout. */
export function registerCat(program: Command, app: App): void {
  program
    .command('cat')
    .description('write files to stdout')
    .argument('<paths...>', 'remote:/file or local files')
    .action(async (paths: string[], _options: unknown, cmd: Command) =>
      app.run(cmd, (s) => cat(s, paths)),
    );
}
