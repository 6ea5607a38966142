import { parseArgs } from 'node:util';
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from './emulator.js';
import type { SeedEntries } from './microsoft/control.js';
import type { LinkStyle } from './server/links.js';

/** What the command line asks for. */
export interface CliSettings {
  options: EmulatorOptions;
  email: string;
  displayName: string;
  driveType: 'personal' | 'business';
  staticToken: string | undefined;
  seed: SeedEntries;
}

/** The usage text. */
export const USAGE = `polydrive-emulator: local emulators of Microsoft Graph, Google Drive and Dropbox, with their sign-in

Usage: polydrive-emulator [options]
  --port <n>             port to listen on (default 4010; 0 picks a free port)
  --host <addr>          address to bind (default 127.0.0.1)
  --link-style <style>   emulator (default) or real: where emitted absolute URLs point
  --email <email>        demo account email (default demo@example.com)
  --name <name>          demo account display name (default Demo User)
  --drive-type <type>    personal (default) or business
  --token <token>        also accept this fixed bearer token for the demo accounts
  --token-lifetime <s>   access-token lifetime in seconds (default 3600)
  --seed <path=text>     create a file (repeatable); a path ending in / makes a folder
  --help                 show this text

Every real host is served under its name: https://HOST/PATH -> http://<addr>:<port>/HOST/PATH.
`;

/** Parses argv (without node and the script); throws an Error with a usage hint on bad input. */
export function parseCliArgs(argv: string[]): CliSettings | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'link-style': { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      'drive-type': { type: 'string' },
      token: { type: 'string' },
      'token-lifetime': { type: 'string' },
      seed: { type: 'string', multiple: true },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const port = integer(values.port ?? '4010', '--port', 0, 65535);
  const linkStyle = values['link-style'] ?? 'emulator';
  if (linkStyle !== 'emulator' && linkStyle !== 'real')
    throw new Error('--link-style must be emulator or real.');
  const driveType = values['drive-type'] ?? 'personal';
  if (driveType !== 'personal' && driveType !== 'business')
    throw new Error('--drive-type must be personal or business.');
  const seed: SeedEntries = {};
  for (const entry of values.seed ?? defaultSeed()) {
    const equals = entry.indexOf('=');
    const path = equals === -1 ? entry : entry.slice(0, equals);
    seed[path] = path.endsWith('/') ? null : equals === -1 ? '' : entry.slice(equals + 1);
  }
  const lifetime = values['token-lifetime'];
  return {
    options: {
      port,
      host: values.host ?? '127.0.0.1',
      linkStyle: linkStyle as LinkStyle,
      microsoft:
        lifetime === undefined
          ? {}
          : { accessTokenLifetimeSeconds: integer(lifetime, '--token-lifetime', 1) },
    },
    email: values.email ?? 'demo@example.com',
    displayName: values.name ?? 'Demo User',
    driveType,
    staticToken: values.token,
    seed,
  };
}

/** Starts the emulator as the settings say, seeds the demo account and prints how to reach it. */
export async function runCli(
  settings: CliSettings,
  print: (line: string) => void,
): Promise<EmulatorHandle> {
  const handle = await startEmulator(settings.options);
  const account = handle.microsoft.addAccount({
    email: settings.email,
    displayName: settings.displayName,
    driveType: settings.driveType,
  });
  handle.microsoft.seed(account.email, settings.seed);
  if (settings.staticToken !== undefined)
    handle.microsoft.addStaticToken(settings.staticToken, account.email);
  const tokens = handle.microsoft.mintToken(account.email);
  print(`polydrive-emulator listening on ${handle.url}`);
  print(`  graph     ${handle.urls.graph}`);
  print(`  login     ${handle.urls.login}`);
  print(`  upload    ${handle.urls.upload}`);
  print(`  download  ${handle.urls.download}`);
  print(`  rule      https://HOST/PATH is served at ${handle.url}/HOST/PATH`);
  print(`account ${account.email} (${account.driveType}), drive ${account.driveId}`);
  print(`access token  ${tokens.accessToken}`);
  print(`refresh token ${tokens.refreshToken}`);
  printGoogle(handle, settings, print);
  printDropbox(handle, settings, print);
  if (settings.staticToken !== undefined) print('fixed token   (as given with --token)');
  return handle;
}

function defaultSeed(): string[] {
  return ['/Documents/', '/Documents/readme.txt=Hello from the Polydrive emulator.', '/Photos/'];
}

function integer(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${flag} must be an integer from ${min} to ${max}, got '${text}'.`);
  }
  return value;
}

/** Seeds the same demo account and files on Google Drive and prints how to reach them. */
function printGoogle(
  handle: EmulatorHandle,
  settings: CliSettings,
  print: (line: string) => void,
): void {
  const account = handle.google.addAccount({
    email: settings.email,
    displayName: settings.displayName,
  });
  handle.google.seed(account.email, settings.seed);
  if (settings.staticToken !== undefined)
    handle.google.addStaticToken(settings.staticToken, account.email);
  const tokens = handle.google.mintToken(account.email);
  print(`  google    ${handle.urls.googleApis} (rootUrl for @googleapis/drive)`);
  print(`  oauth     ${handle.urls.googleOAuth}`);
  print(`  consent   ${handle.urls.googleAccounts}/o/oauth2/v2/auth`);
  print(`google account ${account.email}, My Drive ${account.rootId}`);
  print(`google access token  ${tokens.accessToken}`);
  print(`google refresh token ${tokens.refreshToken}`);
}

/** Seeds the same demo account and files on Dropbox and prints how to reach them. */
function printDropbox(
  handle: EmulatorHandle,
  settings: CliSettings,
  print: (line: string) => void,
): void {
  const account = handle.dropbox.addAccount({
    email: settings.email,
    displayName: settings.displayName,
  });
  handle.dropbox.seed(account.email, settings.seed);
  if (settings.staticToken !== undefined)
    handle.dropbox.addStaticToken(settings.staticToken, account.email);
  const tokens = handle.dropbox.mintToken(account.email);
  print(`  dropbox   ${handle.urls.dropboxApi} (RPC, /oauth2/token)`);
  print(`  content   ${handle.urls.dropboxContent} (uploads, downloads)`);
  print(`  authorize ${handle.urls.dropboxWeb}/oauth2/authorize`);
  print(`dropbox account ${account.email}, ${account.accountId}`);
  print(`dropbox access token  ${tokens.accessToken}`);
  print(`dropbox refresh token ${tokens.refreshToken ?? ''}`);
}
