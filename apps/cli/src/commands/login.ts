import {
  canOpenBrowser,
  createOAuthState,
  DEFAULT_LOOPBACK_PORT,
  listenForOAuthCallback,
  openBrowser,
  PolydriveError,
} from '@polydrive/core';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { App } from '../app.js';
import { parsePort } from '../options/port.js';
import type { ResolvedRemote } from '../remotes/remote-drives.js';
import type { Session } from '../session.js';

interface LoginOptions {
  readonly port: number;
  /** False with --no-browser. */
  readonly browser: boolean;
  readonly timeout: number;
}

async function signInCapable(session: Session, name: string) {
  const resolved: ResolvedRemote = await (await session.drives()).resolve(name);
  const auth = resolved.module.auth;
  if (!auth) {
    throw new PolydriveError('Unsupported', {
      message: `The remote ${resolved.remote.name} (${resolved.remote.type}) needs no sign-in.`,
      advice: `Use it directly, e.g. polydrive ls ${resolved.remote.name}:`,
    });
  }
  return { ...resolved, auth };
}

async function login(session: Session, name: string, options: LoginOptions): Promise<void> {
  const { remote, auth, options: providerOptions } = await signInCapable(session, name);
  const { output } = session;
  const state = createOAuthState();
  const callback = await listenForOAuthCallback({
    state,
    port: options.port,
    timeoutMs: options.timeout * 1000,
    signal: session.signal,
  });
  try {
    const redirectUri = callback.redirectUri;
    const { url, codeVerifier } = await auth.beginLogin(providerOptions, { redirectUri, state });
    const opened =
      options.browser &&
      canOpenBrowser(session.env, output.interactive) &&
      (await openBrowser(url));
    output.note(
      opened
        ? `Opened the sign-in page for ${remote.name} in your browser. If it did not appear, open:\n  ${url}`
        : `Open this address in a browser to sign in to ${remote.name}:\n  ${url}`,
    );
    output.note(`Waiting for the sign-in on ${redirectUri} (Ctrl-C to cancel)...`);
    const code = await callback.waitForCode();
    const { account } = await auth.completeLogin(providerOptions, {
      code,
      codeVerifier,
      redirectUri,
    });
    if (output.json) output.value({ remote: remote.name, account: account ?? null });
    else output.line(`Signed in to ${remote.name}${account ? ` as ${account}` : ''}.`);
  } finally {
    await callback.close();
  }
}

async function logout(session: Session, name: string): Promise<void> {
  const { remote, auth, options } = await signInCapable(session, name);
  await auth.logout(options);
  if (session.output.json) session.output.value({ remote: remote.name, signedOut: true });
  else session.output.line(`Signed out of ${remote.name}; its saved tokens are deleted.`);
}

function parseSeconds(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError('Use a number of seconds above 0.');
  }
  return seconds;
}

/** `polydrive login NAME` and `polydrive logout NAME`: OAuth sign-in through the registry. */
export function registerLogin(program: Command, app: App): void {
  program
    .command('login')
    .description('sign in to a remote in the browser (loopback OAuth with PKCE)')
    .argument('<remote>', 'remote name')
    .option(
      '--port <port>',
      'port of the sign-in callback on 127.0.0.1 (0: any free port)',
      parsePort,
      DEFAULT_LOOPBACK_PORT,
    )
    .option('--no-browser', 'only print the address to open')
    .option('--timeout <seconds>', 'how long to wait for the sign-in', parseSeconds, 300)
    .action(async (name: string, options: LoginOptions, cmd: Command) =>
      app.run(cmd, (s) => login(s, name, options)),
    );
  program
    .command('logout')
    .description('sign out of a remote: delete its saved tokens')
    .argument('<remote>', 'remote name')
    .action(async (name: string, _options: unknown, cmd: Command) =>
      app.run(cmd, (s) => logout(s, name)),
    );
}
