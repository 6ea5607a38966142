import { DropboxControl } from './dropbox/control.js';
import { DropboxEmulator } from './dropbox/dropbox-emulator.js';
import { DROPBOX_API_HOST, DROPBOX_CONTENT_HOST, DROPBOX_WEB_HOST } from './dropbox/hosts.js';
import { type DropboxOptions, resolveDropboxOptions } from './dropbox/options.js';
import { DropboxState } from './dropbox/state.js';
import { FaultRegistry, type FaultSpec, type InjectedFault } from './faults/fault-registry.js';
import { RequestLog, type RequestRecord } from './faults/request-log.js';
import { GoogleControl } from './google/control.js';
import { GoogleEmulator } from './google/google-emulator.js';
import { GOOGLE_ACCOUNTS_HOST, GOOGLE_API_HOST, GOOGLE_OAUTH_HOST } from './google/hosts.js';
import { type GoogleOptions, resolveGoogleOptions } from './google/options.js';
import { GoogleState } from './google/state.js';
import { MicrosoftControl } from './microsoft/control.js';
import { DOWNLOAD_HOST, GRAPH_HOST, LOGIN_HOST, UPLOAD_HOST } from './microsoft/hosts.js';
import { MicrosoftEmulator } from './microsoft/microsoft-emulator.js';
import { type MicrosoftOptions, resolveMicrosoftOptions } from './microsoft/options.js';
import { MicrosoftState } from './microsoft/state.js';
import type { Clock } from './server/clock.js';
import { EmulatorServer } from './server/http-server.js';
import { LinkBuilder, type LinkStyle } from './server/links.js';
import type { ProviderName } from './server/provider-emulator.js';

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Providers to serve; default all. */
  providers?: ProviderName[];
  /**
   * Where absolute links (nextLink, deltaLink, uploadUrl, downloadUrl, monitor Location) point:
   * `emulator` (default) = `http://127.0.0.1:P/<host>/...`; `real` = `https://<host>/...`, for
   * clients that reach the emulator through a proxy.
   */
  linkStyle?: LinkStyle;
  /** The emulator's clock (token, session and URL expiry; timestamps); default Date.now. */
  now?: Clock;
  /** How many requests the log keeps; default 10,000. */
  requestLogLimit?: number;
  /** The Microsoft emulation. */
  microsoft?: MicrosoftOptions;
  /** The Google emulation. */
  google?: GoogleOptions;
  /** The Dropbox emulation. */
  dropbox?: DropboxOptions;
}

/** Base URLs of the emulated hosts on this emulator. */
export interface EmulatorUrls {
  /** Microsoft Graph v1.0 root: append `/me/drive`. */
  graph: string;
  /** Microsoft identity platform root: append `/{tenant}/oauth2/v2.0/token`. */
  login: string;
  /** The upload-session and copy-monitor host (`api.onedrive.com`). */
  upload: string;
  /** The pre-authenticated download host (`my.microsoftpersonalcontent.com`). */
  download: string;
  /** `www.googleapis.com` (Drive v3 and uploads): the per-call `rootUrl` for @googleapis/drive. */
  googleApis: string;
  /** `oauth2.googleapis.com`: append `/token`, `/revoke` or `/tokeninfo`. */
  googleOAuth: string;
  /** `accounts.google.com`: append `/o/oauth2/v2/auth` for the consent page. */
  googleAccounts: string;
  /** `api.dropboxapi.com`: RPC routes (`/2/...`) and the token endpoint (`/oauth2/token`). */
  dropboxApi: string;
  /** `content.dropboxapi.com`: uploads, upload sessions and downloads (`/2/files/...`). */
  dropboxContent: string;
  /** `www.dropbox.com`: append `/oauth2/authorize` for the consent page. */
  dropboxWeb: string;
}

/** Fault injection and the request log. */
export interface FaultControl {
  /** Injects a fault for the next `times` (default 1) matching requests. */
  inject(spec: FaultSpec): InjectedFault;
  /** Removes every pending fault. */
  clear(): void;
  /** Faults still pending. */
  pending(): Array<FaultSpec & { remaining: number }>;
  /** Requests seen so far, oldest first (method, host, path, status, time, fault). */
  requests(): RequestRecord[];
  /** Forgets the request log. */
  clearRequests(): void;
}

/** A running emulator. */
export interface EmulatorHandle {
  /** Base URL, e.g. `http://127.0.0.1:4010`; `https://HOST/PATH` is served at `${url}/HOST/PATH`. */
  url: string;
  urls: EmulatorUrls;
  /** Seeding, token minting and inspection for Microsoft. */
  microsoft: MicrosoftControl;
  /** Seeding, token minting, error injection and inspection for Google. */
  google: GoogleControl;
  /** Seeding, token minting and inspection for Dropbox. */
  dropbox: DropboxControl;
  faults: FaultControl;
  /** Stops the server and closes open connections. */
  stop(): Promise<void>;
}

const ALL_PROVIDERS: readonly ProviderName[] = ['microsoft', 'google', 'dropbox'];

/** Starts the emulator on loopback and resolves once it listens. State lives in memory. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const now = options.now ?? Date.now;
  const links = new LinkBuilder(options.linkStyle ?? 'emulator');
  const faults = new FaultRegistry();
  const log = new RequestLog(options.requestLogLimit ?? 10_000);
  const microsoftState = new MicrosoftState(resolveMicrosoftOptions(options.microsoft), now, links);
  const microsoft = new MicrosoftControl(microsoftState);
  seedMicrosoft(microsoft, options.microsoft);
  const googleState = new GoogleState(resolveGoogleOptions(options.google), now, links);
  const google = new GoogleControl(googleState, faults);
  seedGoogle(google, options.google);
  const dropboxState = new DropboxState(resolveDropboxOptions(options.dropbox), now, links);
  const dropbox = new DropboxControl(dropboxState);
  seedDropbox(dropbox, options.dropbox);

  const server = new EmulatorServer({
    providers: [
      new MicrosoftEmulator(microsoftState),
      new GoogleEmulator(googleState),
      new DropboxEmulator(dropboxState),
    ],
    enabled: new Set(options.providers ?? ALL_PROVIDERS),
    faults,
    log,
  });
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  links.base = url;
  return {
    url,
    urls: {
      graph: links.emulated(GRAPH_HOST, '/v1.0'),
      login: links.emulated(LOGIN_HOST),
      upload: links.emulated(UPLOAD_HOST),
      download: links.emulated(DOWNLOAD_HOST),
      googleApis: links.emulated(GOOGLE_API_HOST),
      googleOAuth: links.emulated(GOOGLE_OAUTH_HOST),
      googleAccounts: links.emulated(GOOGLE_ACCOUNTS_HOST),
      dropboxApi: links.emulated(DROPBOX_API_HOST),
      dropboxContent: links.emulated(DROPBOX_CONTENT_HOST),
      dropboxWeb: links.emulated(DROPBOX_WEB_HOST),
    },
    microsoft,
    google,
    dropbox,
    faults: {
      inject: (spec) => faults.inject(spec),
      clear: () => faults.clear(),
      pending: () => faults.pending(),
      requests: () => log.all(),
      clearRequests: () => log.clear(),
    },
    stop: () => server.close(),
  };
}

function seedMicrosoft(control: MicrosoftControl, options: MicrosoftOptions | undefined): void {
  for (const account of options?.accounts ?? []) control.addAccount(account);
  for (const client of options?.clients ?? []) control.registerClient(client);
  for (const [token, account] of Object.entries(options?.staticTokens ?? {}))
    control.addStaticToken(token, account);
}

function seedGoogle(control: GoogleControl, options: GoogleOptions | undefined): void {
  for (const account of options?.accounts ?? []) control.addAccount(account);
  for (const drive of options?.sharedDrives ?? [])
    control.addSharedDrive(drive.name, drive.members);
  for (const client of options?.clients ?? []) control.registerClient(client);
  for (const [token, account] of Object.entries(options?.staticTokens ?? {}))
    control.addStaticToken(token, account);
}

function seedDropbox(control: DropboxControl, options: DropboxOptions | undefined): void {
  for (const account of options?.accounts ?? []) control.addAccount(account);
  for (const client of options?.clients ?? []) control.registerClient(client);
  for (const [token, account] of Object.entries(options?.staticTokens ?? {}))
    control.addStaticToken(token, account);
}
