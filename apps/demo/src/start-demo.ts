import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import {
  type DefaultLayersOptions,
  errnoCode,
  PolydriveError,
  type TokenStore,
} from '@polydrive/core';
import { type EmulatorHandle, startEmulator } from '@polydrive/emulator';
import type { DemoConfig } from './config/demo-config.js';
import { buildConnections, needsEmulator } from './connections/build-connections.js';
import type { Connections } from './connections/connections.js';
import { DemoEvents } from './connections/demo-events.js';
import { createDemoApp } from './server/create-app.js';

/** Only loopback: the demo is for the person at this machine. */
export const DEMO_HOST = '127.0.0.1';

/** Options of {@link startDemo} beyond the configuration, for tests. */
export interface StartDemoOptions {
  /** Layer options of every drive, e.g. fault injection or a fast retry sleep. */
  readonly layers?: DefaultLayersOptions | false;
  /** Where real accounts keep tokens (default core's FileTokenStore). */
  readonly tokenStore?: TokenStore;
  /** Where unexpected errors are reported (default console.error). */
  readonly log?: (line: string) => void;
}

/** A running demo. */
export interface RunningDemo {
  /** Where to open it, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  readonly connections: Connections;
  /** The in-process emulator, when some cloud service is emulated. */
  readonly emulator?: EmulatorHandle;
  /** Stops the server, the drives and the emulator. */
  close(): Promise<void>;
}

/**
 * Starts the demo: creates the data folder, starts the emulator for the cloud services without
 * real credentials, builds the connections and serves the web app on 127.0.0.1.
 */
export async function startDemo(
  config: DemoConfig,
  options: StartDemoOptions = {},
): Promise<RunningDemo> {
  await mkdir(config.dataDir, { recursive: true });
  const emulator = needsEmulator(config.env) ? await startEmulator({ port: 0 }) : undefined;
  const events = new DemoEvents();
  let connections: Connections | undefined;
  try {
    connections = await buildConnections({
      dataDir: config.dataDir,
      env: config.env,
      events,
      ...(emulator ? { emulator } : {}),
      ...(options.tokenStore ? { tokenStore: options.tokenStore } : {}),
      ...(options.layers !== undefined ? { layers: options.layers } : {}),
    });
    const app = createDemoApp({
      connections,
      events,
      maxUploadBytes: config.maxUploadBytes,
      ...(options.log ? { log: options.log } : {}),
    });
    const server = await listen(app.fetch, config.port);
    for (const connection of connections.all()) {
      if (connection.view().mode === 'real') void connection.probe();
    }
    const { port } = server.address() as AddressInfo;
    const running = connections;
    return {
      url: `http://${DEMO_HOST}:${port}`,
      connections: running,
      ...(emulator ? { emulator } : {}),
      close: async () => {
        await closeServer(server);
        await running.close();
        await emulator?.stop();
      },
    };
  } catch (err) {
    await connections?.close();
    await emulator?.stop();
    throw err;
  }
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number) {
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve({ fetch, port, hostname: DEMO_HOST }, () => resolve(server));
    server.once('error', (err) => {
      reject(
        errnoCode(err) === 'EADDRINUSE'
          ? new PolydriveError('InvalidArgument', {
              message: `Port ${port} on ${DEMO_HOST} is already in use.`,
              advice: `Stop the program using it, or start the demo on another port: PORT=${port + 1} npm run demo`,
              cause: err,
            })
          : err,
      );
    });
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // The page's event stream stays open until told otherwise.
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}
