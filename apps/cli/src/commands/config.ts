import { loadProvider, PolydriveError, parseDriveUri } from '@polydrive/core';
import type { Command } from 'commander';
import type { App } from '../app.js';
import { configFilePath, loadConfig, saveConfig } from '../config/config-file.js';
import { maskOptions } from '../config/secrets.js';
import { formatColumns } from '../output/format.js';
import { checkRemoteName } from '../remotes/remote-name.js';
import { REMOTE_ENV_PREFIX } from '../remotes/remotes.js';
import type { Session } from '../session.js';

/** Parses `key=value` arguments into options. */
export function parseOptionPairs(pairs: readonly string[]): Record<string, string> {
  const options: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq) : '';
    if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(key)) {
      throw new PolydriveError('InvalidArgument', {
        message: `${JSON.stringify(pair)} is not an option.`,
        advice: 'Write options as key=value, e.g. root=/srv/files or clientId=....',
      });
    }
    options[key] = pair.slice(eq + 1);
  }
  return options;
}

async function add(
  session: Session,
  rawName: string,
  typeOrUri: string,
  pairs: readonly string[],
  replace: boolean,
): Promise<void> {
  const name = checkRemoteName(rawName);
  const fromUri = typeOrUri.includes(':') ? parseDriveUri(typeOrUri) : undefined;
  const type = fromUri?.provider ?? typeOrUri.toLowerCase();
  const options = { ...fromUri?.options, ...parseOptionPairs(pairs) };
  // Loading the provider checks that the type exists and is installed, before anything is saved.
  await loadProvider(type);
  const config = await loadConfig(session.configDir);
  if (config.remotes[name] && !replace) {
    throw new PolydriveError('AlreadyExists', {
      message: `The remote ${name} already exists.`,
      advice: `Pass --replace to overwrite it, or remove it first with \`polydrive config remove ${name}\`.`,
    });
  }
  await saveConfig(session.configDir, {
    remotes: { ...config.remotes, [name]: { type, options } },
  });
  const shown = { name, type, options: maskOptions(options) };
  if (session.output.json) session.output.value(shown);
  else
    session.output.line(`Added remote ${name} (${type}) to ${configFilePath(session.configDir)}.`);
}

async function list(session: Session): Promise<void> {
  const remotes = (await session.remotes()).all();
  const rows = remotes.map((remote) => ({
    name: remote.name,
    type: remote.type,
    source: remote.source,
    options: maskOptions(remote.options),
  }));
  if (session.output.json) {
    session.output.value(rows);
    return;
  }
  if (rows.length === 0) {
    session.output.note(
      `No remotes yet. Add one with \`polydrive config add NAME TYPE key=value...\` or set ${REMOTE_ENV_PREFIX}<NAME>=<uri>.`,
    );
    return;
  }
  const table = [
    ['NAME', 'TYPE', 'SOURCE', 'OPTIONS'],
    ...rows.map((row) => [
      row.name,
      row.type,
      row.source,
      Object.entries(row.options)
        .map(([key, value]) => `${key}=${value}`)
        .join(' '),
    ]),
  ];
  for (const line of formatColumns(table)) session.output.line(line);
}

async function remove(session: Session, rawName: string): Promise<void> {
  const name = rawName.toLowerCase();
  const config = await loadConfig(session.configDir);
  const spec = config.remotes[name];
  if (!spec) {
    const envVar = `${REMOTE_ENV_PREFIX}${name.toUpperCase()}`;
    throw new PolydriveError('NotFound', {
      message: `The config file has no remote named ${JSON.stringify(rawName)}.`,
      advice: session.env[envVar]
        ? `It is defined by the environment variable ${envVar}: unset it instead.`
        : 'See the remotes with `polydrive config list`.',
    });
  }
  // Forget the remote's saved login too, so that no credential outlives its remote.
  const drives = await session.drives();
  const resolved = await drives
    .resolveRemote({ name, ...spec, source: 'file' })
    .catch(() => undefined);
  await resolved?.module.auth?.logout(resolved.options).catch(() => undefined);
  const { [name]: _removed, ...rest } = config.remotes;
  await saveConfig(session.configDir, { remotes: rest });
  if (session.output.json) session.output.value({ removed: name });
  else session.output.line(`Removed remote ${name}.`);
}

/** `polydrive config add|list|remove|path`: the remotes in the config file. */
export function registerConfig(program: Command, app: App): void {
  const config = program
    .command('config')
    .description('manage remotes in the config file (environment remotes win over them)');
  config
    .command('add')
    .description('add a remote: TYPE is a provider (local, onedrive, ...) or a drive URI')
    .argument('<name>', 'remote name: letters, digits, _ and -')
    .argument('<type>', 'provider name, or a URI such as local:///srv/files')
    .argument('[options...]', 'provider options as key=value')
    .option('--replace', 'overwrite a remote of the same name')
    .addHelpText(
      'after',
      '\nExamples:\n  polydrive config add disk local root=/srv/files\n  polydrive config add work onedrive clientId=<id> tenant=organizations',
    )
    .action(
      async (
        name: string,
        type: string,
        pairs: string[],
        opts: { replace?: boolean },
        cmd: Command,
      ) => app.run(cmd, (s) => add(s, name, type, pairs, opts.replace === true)),
    );
  config
    .command('list')
    .alias('ls')
    .description('list the remotes, with credentials masked')
    .action(async (_opts: unknown, cmd: Command) => app.run(cmd, list));
  config
    .command('remove')
    .alias('rm')
    .description('remove a remote from the config file, and forget its login')
    .argument('<name>', 'remote name')
    .action(async (name: string, _opts: unknown, cmd: Command) =>
      app.run(cmd, (s) => remove(s, name)),
    );
  config
    .command('path')
    .description('print where the config file is')
    .action(async (_opts: unknown, cmd: Command) =>
      app.run(cmd, async (s) => s.output.line(configFilePath(s.configDir))),
    );
}
