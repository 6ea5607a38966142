import type { Command } from 'commander';
import type { App } from '../app.js';
import { describeEntry } from '../output/describe-entry.js';
import { entryJson, longCells } from '../output/entry-view.js';
import { formatColumns } from '../output/format.js';
import type { Session } from '../session.js';

async function search(session: Session, where: string, text: string, long: boolean): Promise<void> {
  const place = await session.remotePlace(where, 'search');
  const results = place.drive.search(text, {
    signal: session.signal,
    ...(place.path !== '/' ? { within: place.path } : {}),
  });
  const { output } = session;
  const array = output.json ? output.array() : undefined;
  const rows: string[][] = [];
  try {
    for await (const entry of results) {
      if (array) array.push({ ...entryJson(entry), remote: place.remote });
      else if (long)
        rows.push([...longCells(entry, '').slice(0, 2), describeEntry(place.remote, entry)]);
      else output.line(describeEntry(place.remote, entry));
    }
  } catch (err) {
    throw place.hint(err);
  }
  array?.end();
  for (const line of formatColumns(rows, [0])) output.line(line);
}

/** `polydrive search REMOTE[:/folder] TEXT`: items whose name (or content) matches. */
export function registerSearch(program: Command, app: App): void {
  program
    .command('search')
    .description('find items by name (and content, where the provider indexes it)')
    .argument('<remote>', 'NAME: or NAME:/folder to search in')
    .argument('<text>', 'what to look for')
    .option('-l, --long', 'show size and modification time')
    .action(async (where: string, text: string, options: { long?: boolean }, cmd: Command) =>
      app.run(cmd, (s) => search(s, where, text, options.long === true)),
    );
}
