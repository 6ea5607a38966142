import type { Command } from 'commander';
import type { App } from '../app.js';
import { displayName, entryJson, longCells } from '../output/entry-view.js';
import { formatColumns } from '../output/format.js';
import type { Session } from '../session.js';

interface LsOptions {
  readonly long?: boolean;
  readonly recursive?: boolean;
}

async function ls(session: Session, arg: string, options: LsOptions): Promise<void> {
  const place = await session.place(arg);
  const listing = place.list({ recursive: options.recursive === true });
  const { output } = session;
  if (output.json) {
    const array = output.array();
    for await (const { entry } of listing) array.push(entryJson(entry));
    array.end();
    return;
  }
  if (!options.long) {
    for await (const { entry, relative } of listing) output.line(displayName(entry, relative));
    return;
  }
  // Columns are aligned per page of rows, so a huge listing still streams.
  let rows: string[][] = [];
  const flush = () => {
    for (const line of formatColumns(rows, [0])) output.line(line);
    rows = [];
  };
  for await (const { entry, relative } of listing) {
    rows.push(longCells(entry, relative));
    if (rows.length >= 1000) flush();
  }
  flush();
}

/** `polydrive ls [-l] [-R] PATH`: a folder's content (or a file itself). */
export function registerLs(program: Command, app: App): void {
  program
    .command('ls')
    .description('list a folder (remote:/path or a local path)')
    .argument('<path>', 'remote:/folder, or a local folder')
    .option('-l, --long', 'show size and modification time')
    .option('-R, --recursive', 'list everything below the folder')
    .action(async (path: string, options: LsOptions, cmd: Command) =>
      app.run(cmd, (s) => ls(s, path, options)),
    );
}
