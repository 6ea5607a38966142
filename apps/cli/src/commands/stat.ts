import type { Command } from 'commander';
import type { App } from '../app.js';
import { entryJson, statLines } from '../output/entry-view.js';
import type { Session } from '../session.js';

async function stat(session: Session, args: readonly string[]): Promise<void> {
  const { output } = session;
  const found: object[] = [];
  for (const [index, arg] of args.entries()) {
    const place = await session.place(arg);
    const entry = await place.stat();
    if (output.json) {
      found.push(entryJson(entry, place.label));
      continue;
    }
    if (index > 0) output.line('');
    for (const line of statLines(entry, place.label)) output.line(line);
  }
  if (output.json) output.value(args.length === 1 ? found[0] : found);
}

/** `polydrive stat PATH...`: metadata of files and folders. */
export function registerStat(program: Command, app: App): void {
  program
    .command('stat')
    .description('show the metadata of files or folders')
    .argument('<paths...>', 'remote:/path or local paths')
    .action(async (paths: string[], _options: unknown, cmd: Command) =>
      app.run(cmd, (s) => stat(s, paths)),
    );
}
