import { PolydriveError } from '@polydrive/core';
import type { Command } from 'commander';
import type { App } from '../app.js';
import { errnoOf } from '../config/private-file.js';
import { parsePort } from '../options/port.js';
import { REMOTE_ENV_PREFIX } from '../remotes/remotes.js';
import type { Session } from '../session.js';

/** The demo account every emulator run starts with. */
const DEMO_ACCOUNT = { email: 'demo@example.com', displayName: 'Demo User' } as const;

/** Its files: path -> content, `null` for a folder. */
const DEMO_FILES: Record<string, string | null> = {
  '/Documents/readme.txt': 'Hello from the Polydrive emulator.\n',
  '/Documents/notes/ideas.md': '# Ideas\n\n- try `polydrive cp` across remotes\n',
  '/Photos/': null,
};

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function emulator(session: Session, port: number): Promise<void> {
  // Loaded here only: no other command needs the emulator's code.
  const { startEmulator, DEFAULT_CLIENT_ID, DROPBOX_DEFAULT_CLIENT_ID, GOOGLE_DEFAULT_CLIENT_ID } =
    await import('@polydrive/emulator');
  const handle = await startEmulator({ port }).catch((err: unknown) => {
    throw new PolydriveError('InvalidArgument', {
      message: `The emulator cannot listen on 127.0.0.1:${port} (${errnoOf(err) ?? String(err)}).`,
      advice: 'Choose another port with --port (0 picks a free one).',
      cause: err,
    });
  });
  try {
    const account = handle.microsoft.addAccount(DEMO_ACCOUNT);
    handle.microsoft.seed(account.email, DEMO_FILES);
    handle.google.addAccount(DEMO_ACCOUNT);
    handle.google.seed(DEMO_ACCOUNT.email, DEMO_FILES);
    handle.dropbox.addAccount(DEMO_ACCOUNT);
    handle.dropbox.seed(DEMO_ACCOUNT.email, DEMO_FILES);
    const uri = (provider: string, options: Record<string, string>) =>
      `${provider}:?${new URLSearchParams(options)}`;
    const remotes = {
      onedrive: uri('onedrive', {
        clientId: DEFAULT_CLIENT_ID,
        graphBaseUrl: handle.urls.graph,
        loginBaseUrl: handle.urls.login,
      }),
      gdrive: uri('gdrive', {
        clientId: GOOGLE_DEFAULT_CLIENT_ID,
        apiBaseUrl: handle.urls.googleApis,
        oauthBaseUrl: handle.urls.googleOAuth,
        accountsBaseUrl: handle.urls.googleAccounts,
      }),
      dropbox: uri('dropbox', {
        clientId: DROPBOX_DEFAULT_CLIENT_ID,
        apiBaseUrl: handle.urls.dropboxApi,
        contentBaseUrl: handle.urls.dropboxContent,
        webBaseUrl: handle.urls.dropboxWeb,
      }),
    };
    const env = Object.fromEntries(
      Object.entries(remotes).map(([name, uri]) => [
        `${REMOTE_ENV_PREFIX}${name.toUpperCase()}`,
        uri,
      ]),
    );
    const { output } = session;
    if (output.json) {
      output.value({
        url: handle.url,
        account: account.email,
        files: Object.keys(DEMO_FILES),
        remotes,
        env,
      });
    } else {
      output.line(
        `Polydrive emulator running at ${handle.url} (Ctrl-C to stop; its state lives in memory).`,
      );
      output.line(`Demo account ${account.email}, with ${Object.keys(DEMO_FILES).join(', ')}.`);
      output.line('');
      output.line('In another terminal:');
      for (const [variable, uri] of Object.entries(env))
        output.line(`  export ${variable}='${uri}'`);
      output.line(
        '  polydrive login onedrive        # the emulated consent page needs no password',
      );
      output.line('  polydrive ls -l onedrive:/Documents');
      output.line('  polydrive put ./some-file onedrive:/Documents/');
      output.line(
        '  polydrive login gdrive && polydrive cp onedrive:/Documents/readme.txt gdrive:/',
      );
      output.line('  polydrive login dropbox && polydrive ls -R dropbox:/');
    }
    await untilAborted(session.signal);
  } finally {
    await handle.stop();
  }
  session.output.note('Emulator stopped.');
}

/** `polydrive emulator [--port N]`: local OneDrive, Google Drive and Dropbox with their sign-in pages. */
export function registerEmulator(program: Command, app: App): void {
  program
    .command('emulator')
    .description('run the local cloud emulator with a demo account, and print remotes that use it')
    .option('--port <port>', 'port on 127.0.0.1 (0: any free port)', parsePort, 4010)
    .action(async (options: { port: number }, cmd: Command) =>
      app.run(cmd, (s) => emulator(s, options.port)),
    );
}
