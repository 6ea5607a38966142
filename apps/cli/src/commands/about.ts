import type { Command } from 'commander';
import type { App } from '../app.js';
import { formatBytes } from '../output/format.js';
import type { Session } from '../session.js';

async function about(session: Session, name: string): Promise<void> {
  const place = await session.remotePlace(name, 'about');
  const { raw: _raw, ...info } = await place.guard(place.drive.about({ signal: session.signal }));
  const { output } = session;
  if (output.json) {
    output.value({ remote: place.remote, provider: place.drive.name, ...info });
    return;
  }
  const quota = info.quota;
  const lines: Array<[string, string | undefined]> = [
    ['remote', `${place.remote} (${place.drive.name})`],
    ['drive', [info.name, info.driveType && `(${info.driveType})`].filter(Boolean).join(' ')],
    ['id', info.id],
    [
      'owner',
      [info.owner?.name, info.owner?.email && `<${info.owner.email}>`].filter(Boolean).join(' '),
    ],
    ['total', quota?.total !== undefined ? formatBytes(quota.total) : undefined],
    ['used', quota?.used !== undefined ? formatBytes(quota.used) : undefined],
    ['free', quota?.remaining !== undefined ? formatBytes(quota.remaining) : undefined],
    ['trash', quota?.trashed !== undefined ? formatBytes(quota.trashed) : undefined],
  ];
  for (const [key, value] of lines) {
    if (value) output.line(`${`${key}:`.padEnd(7)} ${value}`);
  }
}

/** `polydrive about NAME`: the account and its quota. */
export function registerAbout(program: Command, app: App): void {
  program
    .command('about')
    .description('show the account behind a remote and its storage quota')
    .argument('<remote>', 'remote name')
    .action(async (name: string, _options: unknown, cmd: Command) =>
      app.run(cmd, (s) => about(s, name)),
    );
}
