import { join } from 'node:path';
import { PolydriveError } from '@polydrive/core';
import { isRemoteName } from '../remotes/remote-name.js';
import { readOptionalFile, writePrivateFile } from './private-file.js';

/** A remote as configured: a provider type and its options (strings, as in a drive URI). */
export interface RemoteSpec {
  readonly type: string;
  readonly options: Readonly<Record<string, string>>;
}

/** The content of config.json. */
export interface CliConfig {
  readonly remotes: Readonly<Record<string, RemoteSpec>>;
}

const FORMAT_VERSION = 1;

/** Where the config file lives in the config folder. */
export function configFilePath(dir: string): string {
  return join(dir, 'config.json');
}

/** Reads config.json; a missing file is an empty configuration. */
export async function loadConfig(dir: string): Promise<CliConfig> {
  const path = configFilePath(dir);
  const text = await readOptionalFile(path);
  if (text === undefined) return { remotes: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw damaged(path, 'it is not valid JSON');
  }
  if (!isRecord(parsed) || !isRecord(parsed.remotes)) throw damaged(path, 'it has no "remotes"');
  const remotes: Record<string, RemoteSpec> = {};
  for (const [name, spec] of Object.entries(parsed.remotes)) {
    if (!isRemoteName(name)) throw damaged(path, `${JSON.stringify(name)} is not a remote name`);
    if (!isRecord(spec) || typeof spec.type !== 'string' || spec.type === '') {
      throw damaged(path, `the remote ${name} has no "type"`);
    }
    const options = spec.options ?? {};
    if (!isRecord(options) || !Object.values(options).every((v) => typeof v === 'string')) {
      throw damaged(path, `the options of the remote ${name} must all be strings`);
    }
    remotes[name] = { type: spec.type, options: { ...(options as Record<string, string>) } };
  }
  return { remotes };
}

/** Writes config.json (mode 0600: it may hold a client secret the user put there). */
export async function saveConfig(dir: string, config: CliConfig): Promise<void> {
  const text = JSON.stringify({ version: FORMAT_VERSION, remotes: config.remotes }, null, 2);
  await writePrivateFile(configFilePath(dir), `${text}\n`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function damaged(path: string, problem: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `The config file ${path} cannot be used: ${problem}.`,
    advice: 'Fix it by hand, or delete it and add the remotes again with `polydrive config add`.',
  });
}
