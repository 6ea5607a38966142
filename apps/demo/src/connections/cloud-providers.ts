import {
  DEFAULT_CLIENT_ID,
  DROPBOX_DEFAULT_CLIENT_ID,
  type EmulatorHandle,
  GOOGLE_DEFAULT_CLIENT_ID,
} from '@polydrive/emulator';

/** The account the demo adds to each emulated service. */
export const DEMO_ACCOUNT = { email: 'demo@example.com', displayName: 'Demo User' } as const;

/** Files every emulated account starts with, so the browser has something to show. */
const WELCOME_FILES = {
  '/Welcome.txt':
    'This account is emulated: @polydrive/emulator runs inside the demo process and speaks the ' +
    "service's real HTTP API. Nothing leaves your machine, and everything is gone when the demo stops.\n",
  '/Documents': null,
} as const;

/** A cloud service the demo offers a connection to. */
export interface CloudProvider {
  /** The name the registry loads the provider by. */
  readonly name: string;
  readonly label: string;
  /** Provider options read from the environment for a real account: option -> variable. */
  readonly env: Readonly<Record<string, string>>;
  /** Seeds the demo account in the in-process emulator; returns the options that point at it. */
  emulate(emulator: EmulatorHandle): Record<string, unknown>;
}

/** The cloud services, in the order the sidebar lists them. */
export const CLOUD_PROVIDERS: readonly CloudProvider[] = [
  {
    name: 'onedrive',
    label: 'OneDrive',
    env: {
      clientId: 'ONEDRIVE_CLIENT_ID',
      clientSecret: 'ONEDRIVE_CLIENT_SECRET',
      tenant: 'ONEDRIVE_TENANT',
    },
    emulate(emulator) {
      emulator.microsoft.addAccount({ ...DEMO_ACCOUNT, driveType: 'personal' });
      emulator.microsoft.seed(DEMO_ACCOUNT.email, WELCOME_FILES);
      return {
        clientId: DEFAULT_CLIENT_ID,
        graphBaseUrl: emulator.urls.graph,
        loginBaseUrl: emulator.urls.login,
      };
    },
  },
  {
    name: 'gdrive',
    label: 'Google Drive',
    env: { clientId: 'GDRIVE_CLIENT_ID', clientSecret: 'GDRIVE_CLIENT_SECRET' },
    emulate(emulator) {
      emulator.google.addAccount(DEMO_ACCOUNT);
      emulator.google.seed(DEMO_ACCOUNT.email, WELCOME_FILES);
      return {
        clientId: GOOGLE_DEFAULT_CLIENT_ID,
        apiBaseUrl: emulator.urls.googleApis,
        oauthBaseUrl: emulator.urls.googleOAuth,
        accountsBaseUrl: emulator.urls.googleAccounts,
      };
    },
  },
  {
    name: 'dropbox',
    label: 'Dropbox',
    env: { clientId: 'DROPBOX_CLIENT_ID', clientSecret: 'DROPBOX_CLIENT_SECRET' },
    emulate(emulator) {
      emulator.dropbox.addAccount(DEMO_ACCOUNT);
      emulator.dropbox.seed(DEMO_ACCOUNT.email, WELCOME_FILES);
      return {
        clientId: DROPBOX_DEFAULT_CLIENT_ID,
        apiBaseUrl: emulator.urls.dropboxApi,
        contentBaseUrl: emulator.urls.dropboxContent,
        webBaseUrl: emulator.urls.dropboxWeb,
      };
    },
  },
];

/** The real-account options of `provider` found in `env`, or undefined when no client id is set. */
export function realCredentials(
  provider: CloudProvider,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> | undefined {
  const options: Record<string, string> = {};
  for (const [option, variable] of Object.entries(provider.env)) {
    const value = env[variable]?.trim();
    if (value) options[option] = value;
  }
  return options.clientId ? options : undefined;
}
