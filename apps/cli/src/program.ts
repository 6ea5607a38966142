import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { App } from './app.js';
import { registerAbout } from './commands/about.js';
import { registerCat } from './commands/cat.js';
import { registerChanges } from './commands/changes.js';
import { registerConfig } from './commands/config.js';
import { registerEmulator } from './commands/emulator.js';
import { registerLogin } from './commands/login.js';
import { registerLs } from './commands/ls.js';
import { registerMkdir } from './commands/mkdir.js';
import { registerRm } from './commands/rm.js';
import { registerSearch } from './commands/search.js';
import { registerStat } from './commands/stat.js';
import { registerTransfers } from './commands/transfer.js';
import { registerUploads } from './commands/uploads.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The `polydrive` command line, with every command, writing to the app's streams. */
export function buildProgram(app: App): Command {
  const program = new Command('polydrive')
    .description(
      'One tool for every Polydrive remote: OneDrive, a local folder, and more.\nPaths are NAME:/folder/file on a remote, or local paths.',
    )
    .version(version())
    .option('--json', 'print results as JSON')
    .option('--debug', 'log every provider call on stderr (also POLYDRIVE_DEBUG=1)')
    .option('--no-progress', 'never draw progress bars')
    .exitOverride()
    .showHelpAfterError('(run polydrive help for usage)')
    .configureOutput({
      writeOut: (text) => app.io.stdout.write(text),
      writeErr: (text) => app.io.stderr.write(text),
    })
    .addHelpText(
      'after',
      '\nRemotes come from the config file (polydrive config add) or POLYDRIVE_REMOTE_<NAME>=<uri>.\nExit codes: 0 ok, 1 unexpected, 2 usage, 3 not found, 4 exists/conflict, 5 sign-in/permission,\n6 temporary, 7 unsupported, 8 quota, 130 interrupted.',
    );
  registerConfig(program, app);
  registerLogin(program, app);
  registerAbout(program, app);
  registerLs(program, app);
  registerStat(program, app);
  registerCat(program, app);
  registerTransfers(program, app);
  registerUploads(program, app);
  registerMkdir(program, app);
  registerRm(program, app);
  registerSearch(program, app);
  registerChanges(program, app);
  registerEmulator(program, app);
  return program;
}
