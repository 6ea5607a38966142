import type { HashKind } from '@polydrive/core';
import { HASH_KINDS, isHashKind, PolydriveError } from '@polydrive/core';
import { fdCallsNeverWait } from './fd-calls-inline.js';
import { PROVIDER_NAME } from './fs-errors.js';
import { Jail } from './jail.js';
import { LocalProvider } from './local-provider.js';
import { STALE_AFTER_MS, Staging } from './staging.js';

/** Options of the local provider. */
export interface LocalProviderOptions {
  /** Absolute path of an existing folder: the drive's root. Nothing outside it is reachable. */
  readonly root: string;
  /**
   * Hash kinds to report in file entries. They are computed by reading the file (streamed,
   * cached while the file is unchanged), so they cost a full read: off by default.
   */
  readonly hashes?: readonly HashKind[];
  /** Identifies the account for layers that share a pacer; defaults to `local:<root>`. */
  readonly accountKey?: string;
  /**
   * Flush content to disk (fsync) before a write is renamed into place and before an upload
   * chunk is acknowledged, so that a power cut leaves a target with its old or its new content.
   * On by default; off trades that for speed (see the README for what it costs).
   */
  readonly fsync?: boolean;
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set<keyof LocalProviderOptions>([
  'root',
  'hashes',
  'accountKey',
  'fsync',
]);

/**
 * Opens a folder on disk as a drive. The root must exist. Staging items left by crashed
 * processes or uploads idle for 7 days are removed on the way.
 */
export async function createLocalProvider(options: LocalProviderOptions): Promise<LocalProvider> {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('the options must be an object such as { root: "/srv/files" }.');
  }
  const unknown = Object.keys(options).filter(
    (key) =>
      !KNOWN_OPTIONS.has(key) && (options as unknown as Record<string, unknown>)[key] !== undefined,
  );
  if (unknown.length > 0) {
    // A misspelt option (fsnyc=false) would otherwise be ignored without a word.
    throw invalidOption(
      `unknown option ${unknown.map((key) => JSON.stringify(key)).join(', ')}; known ones are ${[...KNOWN_OPTIONS].join(', ')}.`,
    );
  }
  const hashes = options.hashes ?? [];
  if (!Array.isArray(hashes) || !hashes.every(isHashKind)) {
    throw invalidOption(`hashes must list hash kinds from: ${HASH_KINDS.join(', ')}.`);
  }
  if (options.accountKey !== undefined && typeof options.accountKey !== 'string') {
    throw invalidOption('accountKey must be a string.');
  }
  if (options.fsync !== undefined && typeof options.fsync !== 'boolean') {
    throw invalidOption('fsync must be true or false.');
  }
  const jail = await Jail.open(options.root);
  const staging = new Staging(jail.root, await fdCallsNeverWait(jail.root));
  await staging.sweep(STALE_AFTER_MS);
  return new LocalProvider(jail, staging, {
    hashes: [...new Set(hashes)],
    accountKey: options.accountKey ?? `${PROVIDER_NAME}:${jail.root}`,
    fsync: options.fsync ?? true,
  });
}

/**
 * Options from untyped configuration, as the registry passes them. A URI's query gives strings,
 * so `local:///srv/files?hashes=sha1,sha256&fsync=false` lists hash kinds with commas and spells
 * booleans out. Every field is checked by `createLocalProvider`.
 */
export function optionsFromConfig(config: Record<string, unknown>): LocalProviderOptions {
  const { hashes, fsync } = config;
  const listed = typeof hashes === 'string' ? { hashes: hashes.split(',').filter(Boolean) } : {};
  const flag = fsync === 'true' || fsync === 'false' ? { fsync: fsync === 'true' } : {};
  return { ...config, ...listed, ...flag } as unknown as LocalProviderOptions;
}

function invalidOption(problem: string): PolydriveError {
  return new PolydriveError('InvalidArgument', {
    message: `Invalid local provider options: ${problem}`,
    advice: 'Fix the options (or the local:///path URI) and create the provider again.',
    provider: PROVIDER_NAME,
    operation: 'create',
  });
}
