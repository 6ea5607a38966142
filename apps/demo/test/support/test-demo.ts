import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ConnectionView,
  type RunningDemo,
  readDemoConfig,
  type StartDemoOptions,
  startDemo,
} from '../../src/index.js';
import type { EntryJson } from '../../src/server/entry-json.js';

/** A demo on a free port with its own data folder, and no real credentials (so clouds are emulated). */
export interface TestDemo {
  readonly demo: RunningDemo;
  readonly url: string;
  readonly dataDir: string;
  /** What the server logged. */
  readonly logs: string[];
  close(): Promise<void>;
}

/**
 * Starts a demo for a test. Retries wait no time at all and the pacer is off (it would pause the
 * account for the whole Retry-After), so throttling tests stay fast.
 */
export async function startTestDemo(
  env: Record<string, string> = {},
  options: StartDemoOptions = {},
): Promise<TestDemo> {
  const dataDir = await mkdtemp(join(tmpdir(), 'pd-demo-'));
  const logs: string[] = [];
  const config = readDemoConfig({ PORT: '0', POLYDRIVE_DEMO_DATA: dataDir, ...env }, dataDir);
  const demo = await startDemo(config, {
    layers: { retry: { sleep: () => Promise.resolve() }, pacer: false },
    log: (line) => logs.push(line),
    ...options,
  });
  return {
    demo,
    url: demo.url,
    dataDir,
    logs,
    close: async () => {
      await demo.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Connects an emulated account the way a browser would, minus the page: the demo's connect
 * redirect, the emulator's consent form (accepted), then the callback with the state cookie.
 * Returns the callback's response.
 */
export async function connectEmulated(url: string, id: string): Promise<Response> {
  const start = await fetch(`${url}/auth/${id}/connect`, { redirect: 'manual' });
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const consent = await fetch(start.headers.get('location') as string, {
    method: 'POST',
    body: new URLSearchParams({ account: 'demo@example.com', consent: 'accept' }),
    redirect: 'manual',
  });
  return fetch(consent.headers.get('location') as string, {
    headers: { cookie },
    redirect: 'manual',
  });
}

/** A JSON POST to the demo's API. */
export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Bytes with a pattern, so that a shifted or truncated copy does not compare equal. */
export function patternBytes(size: number): Uint8Array {
  return new Uint8Array(size).map((_, i) => (i * 31 + (i >> 8)) & 0xff);
}

/** An API answer, typed loosely: each test reads the fields its endpoint sends. */
export interface ApiJson {
  readonly entry: EntryJson;
  readonly entries: EntryJson[];
  readonly truncated: boolean;
  readonly connection: ConnectionView;
  readonly connections: ConnectionView[];
  readonly error: { readonly code: string; readonly message: string };
}

/** The JSON body of an API response. */
export async function readJson(res: Response): Promise<ApiJson> {
  return (await res.json()) as ApiJson;
}
