import { mkdir } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { defaultTokenStoreDir } from '@polydrive/core';

/** The environment variable that moves the config folder (tests use temporary ones). */
export const CONFIG_DIR_ENV = 'POLYDRIVE_CONFIG_DIR';

/** Environment variables, as the CLI reads them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The CLI's folder: `$POLYDRIVE_CONFIG_DIR`, else core's default for credentials
 * (`$XDG_CONFIG_HOME/polydrive` or `~/.config/polydrive`). It holds config.json, the encrypted
 * tokens, and the state of interrupted uploads and change feeds.
 */
export function configDir(env: Env): string {
  const given = env[CONFIG_DIR_ENV];
  if (given) return isAbsolute(given) ? given : resolve(given);
  return defaultTokenStoreDir(env);
}

/** Creates a private folder (0700) when it is missing. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}
