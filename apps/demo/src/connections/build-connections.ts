import {
  type DefaultLayersOptions,
  FileTokenStore,
  isPolydriveError,
  loadProvider,
  MemoryTokenStore,
  type TokenStore,
} from '@polydrive/core';
import type { EmulatorHandle } from '@polydrive/emulator';
import { CLOUD_PROVIDERS, type CloudProvider, realCredentials } from './cloud-providers.js';
import { Connection } from './connection.js';
import { Connections } from './connections.js';
import type { DemoEvents } from './demo-events.js';

/** What the demo's connections are built from. */
export interface BuildConnectionsOptions {
  /** The local-folder connection's root (absolute; it must exist). */
  readonly dataDir: string;
  /** Where real client ids and secrets are read (see CLOUD_PROVIDERS). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The in-process emulator, for the cloud services without real credentials. */
  readonly emulator?: EmulatorHandle;
  /** Where real accounts keep their tokens; default core's encrypted FileTokenStore. */
  readonly tokenStore?: TokenStore;
  readonly layers?: DefaultLayersOptions | false;
  readonly events: DemoEvents;
}

/** True when some cloud service has no real credentials, so the demo needs the emulator. */
export function needsEmulator(env: Readonly<Record<string, string | undefined>>): boolean {
  return CLOUD_PROVIDERS.some((provider) => !realCredentials(provider, env));
}

/**
 * The local folder, a memory drive, and one connection per cloud service: a real account when
 * its client id is configured, else an emulated one. A service whose provider cannot sign in
 * here is listed as unavailable, with the reason.
 */
export async function buildConnections(options: BuildConnectionsOptions): Promise<Connections> {
  const { events, layers } = options;
  const local = await loadProvider('local');
  const memory = await loadProvider('memory');
  const list = [
    new Connection({
      id: 'local',
      label: 'Local folder',
      description: options.dataDir,
      provider: 'local',
      mode: 'local',
      options: { root: options.dataDir },
      capabilities: local.capabilities,
      ...(layers !== undefined ? { layers } : {}),
      events,
    }),
    new Connection({
      id: 'memory',
      label: 'Memory',
      description: 'In this process; gone when the demo stops',
      provider: 'memory',
      mode: 'memory',
      capabilities: memory.capabilities,
      ...(layers !== undefined ? { layers } : {}),
      events,
    }),
  ];
  const emulatedTokens = new MemoryTokenStore();
  const credentials = CLOUD_PROVIDERS.map((cloud) => realCredentials(cloud, options.env));
  // Made only when a real account is configured: a FileTokenStore creates a key file on first use.
  const realTokens = credentials.some(Boolean)
    ? (options.tokenStore ?? new FileTokenStore({ env: options.env }))
    : undefined;
  for (const [index, cloud] of CLOUD_PROVIDERS.entries()) {
    const real = credentials[index];
    list.push(
      await cloudConnection(cloud, {
        real,
        emulator: options.emulator,
        tokenStore: (real && realTokens) || emulatedTokens,
        layers,
        events,
      }),
    );
  }
  return new Connections(list);
}

interface CloudSetup {
  readonly real: Record<string, string> | undefined;
  readonly emulator: EmulatorHandle | undefined;
  readonly tokenStore: TokenStore;
  readonly layers: DefaultLayersOptions | false | undefined;
  readonly events: DemoEvents;
}

async function cloudConnection(cloud: CloudProvider, setup: CloudSetup): Promise<Connection> {
  const mode = setup.real ? 'real' : 'emulated';
  const base = {
    id: cloud.name,
    label: cloud.label,
    description: setup.real ? 'Your account' : 'Emulated in this process, no account needed',
    provider: cloud.name,
    mode,
    ...(setup.layers !== undefined ? { layers: setup.layers } : {}),
    events: setup.events,
  } as const;
  const module = await loadProvider(cloud.name).catch((err: unknown) =>
    isPolydriveError(err) ? err.summary : String(err),
  );
  if (typeof module === 'string') return new Connection({ ...base, unavailable: module });
  if (!module.auth) {
    return new Connection({
      ...base,
      unavailable: `The ${cloud.name} provider offers no sign-in yet.`,
    });
  }
  const target = setup.real ?? emulatedOptions(cloud, setup.emulator);
  if (typeof target === 'string') return new Connection({ ...base, unavailable: target });
  return new Connection({
    ...base,
    options: { ...target, tokenStore: setup.tokenStore },
    capabilities: module.capabilities,
    auth: module.auth,
  });
}

function emulatedOptions(
  cloud: CloudProvider,
  emulator: EmulatorHandle | undefined,
): Record<string, unknown> | string {
  if (!emulator) return `${cloud.label} has no real credentials and the emulator is not running.`;
  return cloud.emulate(emulator);
}
