import type { Capabilities } from '../capabilities/capabilities.js';
import { Drive } from '../drive/drive.js';
import { PolydriveError } from '../errors/polydrive-error.js';
import { applyLayers, type DefaultLayersOptions, defaultLayers } from '../layers/compose.js';
import type { Layer } from '../layers/wrap-provider.js';
import type { Provider } from '../provider/provider.js';
import { parseDriveUri } from './uri.js';

/** What a sign-in needs to keep between sending the user away and the callback. */
export interface LoginStart {
  /** Where to send the user (the provider's consent page). */
  readonly url: string;
  /** The PKCE verifier: keep it server-side until the callback, never show it. */
  readonly codeVerifier: string;
}

/**
 * OAuth sign-in through the registry, so that apps (CLI, web) never import a provider package.
 * Tokens are saved in the token store named by the provider's options.
 */
export interface ProviderAuth {
  /** Starts the authorisation-code flow with PKCE for `redirectUri`, carrying `state`. */
  beginLogin(
    options: Record<string, unknown>,
    request: { readonly redirectUri: string; readonly state: string },
  ): Promise<LoginStart>;
  /** Exchanges the code from the callback and saves the tokens; returns the account's name. */
  completeLogin(
    options: Record<string, unknown>,
    result: { readonly code: string; readonly codeVerifier: string; readonly redirectUri: string },
  ): Promise<{ readonly account?: string }>;
  /** Forgets the saved tokens. */
  logout(options: Record<string, unknown>): Promise<void>;
}

/** What a provider package exports as `polydriveProvider`, so the registry can load it by name. */
export interface ProviderModule {
  readonly name: string;
  readonly capabilities: Capabilities;
  create(options: Record<string, unknown>): Provider | Promise<Provider>;
  /** Present for providers that sign in with OAuth. */
  readonly auth?: ProviderAuth;
}

/** How to build a Drive: a provider name, its options, and the layers around it. */
export interface DriveConfig {
  readonly provider: string;
  readonly options?: Record<string, unknown>;
  /**
   * The standard layers (logging when a logger is given, retry honouring Retry-After, the
   * account's shared pacer, timeouts): their options, or `false` for a bare provider.
   */
  readonly layers?: DefaultLayersOptions | false;
  /** More layers, outside the standard ones; the first is outermost. */
  readonly extraLayers?: readonly Layer[];
}

type Loader = () => Promise<ProviderModule>;

/** The providers Polydrive knows, by name, and the package each lives in. */
const BUILT_IN: Record<string, string> = {
  memory: '@polydrive/provider-memory',
  local: '@polydrive/provider-local',
  onedrive: '@polydrive/provider-onedrive',
  gdrive: '@polydrive/provider-gdrive',
  dropbox: '@polydrive/provider-dropbox',
};

const registered = new Map<string, Loader>();

/**
 * Registers a provider under a name, for third-party providers or bundlers that cannot import
 * packages by name at run time. A registered name wins over a built-in one.
 */
export function registerProvider(name: string, module: ProviderModule | Loader): void {
  registered.set(name.toLowerCase(), typeof module === 'function' ? module : async () => module);
}

/** The names `createDrive` accepts. */
export function knownProviders(): string[] {
  return [...new Set([...Object.keys(BUILT_IN), ...registered.keys()])].sort();
}

/** Loads a provider module by name (lazily: a provider's SDK is imported only when used). */
export async function loadProvider(name: string): Promise<ProviderModule> {
  const key = name.toLowerCase();
  const loader = registered.get(key);
  if (loader) return loader();
  const pkg = BUILT_IN[key];
  if (!pkg) {
    throw new PolydriveError('InvalidArgument', {
      message: `Unknown provider ${JSON.stringify(name)}.`,
      advice: `Use one of: ${knownProviders().join(', ')}; or registerProvider() your own.`,
    });
  }
  let mod: { polydriveProvider?: ProviderModule };
  try {
    mod = (await import(pkg)) as { polydriveProvider?: ProviderModule };
  } catch (err) {
    throw new PolydriveError('Unsupported', {
      message: `The ${name} provider is not installed (cannot load ${pkg}).`,
      advice: `Install it: npm install ${pkg}`,
      provider: name,
      cause: err,
    });
  }
  if (!mod.polydriveProvider) {
    throw new PolydriveError('Internal', {
      message: `${pkg} does not export polydriveProvider.`,
      provider: name,
    });
  }
  return mod.polydriveProvider;
}

/**
 * Builds a Drive from a config object or a URI (`memory:`, `local:///srv/files`,
 * `onedrive:?clientId=...`). The provider package is loaded on first use.
 */
export async function createDrive(
  config: DriveConfig | string,
  overrides: Partial<DriveConfig> = {},
): Promise<Drive> {
  const base: DriveConfig = typeof config === 'string' ? parseDriveUri(config) : config;
  const merged: DriveConfig = {
    ...base,
    ...overrides,
    options: { ...base.options, ...overrides.options },
  };
  if (typeof merged.provider !== 'string' || merged.provider === '') {
    throw new PolydriveError('InvalidArgument', {
      message: 'The drive config names no provider.',
      advice: `Set provider to one of: ${knownProviders().join(', ')}.`,
    });
  }
  const module = await loadProvider(merged.provider);
  const provider = await module.create(merged.options ?? {});
  const standard = merged.layers === false ? [] : defaultLayers(merged.layers ?? {});
  return new Drive(applyLayers(provider, [...(merged.extraLayers ?? []), ...standard]));
}
