import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createDrive, type Drive } from '@polydrive/core';

/**
 * The drives the demo connects to, by configuration only: the demo never imports a provider
 * package; the registry loads them by name. Extra drives come from POLYDRIVE_REMOTE_<NAME>=<uri>.
 */
export async function connectDrives(
  env: NodeJS.ProcessEnv = process.env,
  dataDir = 'demo-data',
): Promise<Map<string, Drive>> {
  const root = resolve(dataDir);
  await mkdir(root, { recursive: true });
  const drives = new Map<string, Drive>();
  drives.set('local', await createDrive(`local://${root}`));
  drives.set('memory', await createDrive('memory:'));
  for (const [key, uri] of Object.entries(env)) {
    const m = /^POLYDRIVE_REMOTE_([A-Z0-9_]+)$/.exec(key);
    if (m && uri) drives.set((m[1] as string).toLowerCase(), await createDrive(uri));
  }
  return drives;
}
