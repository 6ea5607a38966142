import { join } from 'node:path';
import { type Change, type ChangesPage, isPolydriveError } from '@polydrive/core';
import type { Command } from 'commander';
import type { App } from '../app.js';
import { withHint } from '../errors/hints.js';
import { describeEntry } from '../output/describe-entry.js';
import { entryJson } from '../output/entry-view.js';
import type { Session } from '../session.js';
import { CursorStore } from '../state/cursors.js';

function changeJson(change: Change): object {
  return change.type === 'upsert'
    ? { type: 'upsert', ...entryJson(change.entry) }
    : { type: 'delete', id: change.id, ...(change.path ? { path: change.path } : {}) };
}

function changeLine(remote: string, change: Change): string {
  return change.type === 'upsert'
    ? `changed  ${describeEntry(remote, change.entry)}`
    : `deleted  ${change.path !== undefined ? `${remote}:${change.path}` : `id:${change.id}`}`;
}

async function changes(session: Session, name: string, reset: boolean): Promise<void> {
  const place = await session.remotePlace(name, 'changes');
  const remote = (await session.remotes()).get(place.remote);
  const cursors = new CursorStore(join(session.configDir, 'cursors'));
  if (reset) await cursors.remove(remote);
  const cursor = await cursors.load(remote);
  const { output } = session;
  if (cursor === undefined) {
    const start = await place.guard(place.drive.changes(undefined, { signal: session.signal }));
    await cursors.save(remote, start.cursor);
    if (output.json) output.value({ remote: remote.name, started: true, changes: [] });
    else
      output.note(
        `Started following ${remote.name}: run \`polydrive changes ${remote.name}\` again to see what changed since now.`,
      );
    return;
  }
  const array = output.json ? output.array() : undefined;
  let next: string = cursor;
  let hasMore = true;
  while (hasMore) {
    const page: ChangesPage = await place
      .guard(place.drive.changes(next, { signal: session.signal }))
      .catch((err: unknown) => {
        throw isPolydriveError(err, 'PreconditionFailed', 'InvalidArgument', 'NotFound')
          ? withHint(err, `Start again from now with: polydrive changes ${remote.name} --reset`)
          : err;
      });
    for (const change of page.changes) {
      if (array) array.push(changeJson(change));
      else output.line(changeLine(remote.name, change));
    }
    next = page.cursor;
    hasMore = page.hasMore;
  }
  array?.end();
  // Saved only once everything is printed: an interrupted run shows the same changes again.
  await cursors.save(remote, next);
}

/** `polydrive changes NAME`: what changed on a remote since the last run. */
export function registerChanges(program: Command, app: App): void {
  program
    .command('changes')
    .description(
      'print what changed on a remote since the last run (the first run starts the feed)',
    )
    .argument('<remote>', 'remote name')
    .option('--reset', 'forget the saved cursor and start again from now')
    .action(async (name: string, options: { reset?: boolean }, cmd: Command) =>
      app.run(cmd, (s) => changes(s, name, options.reset === true)),
    );
}
