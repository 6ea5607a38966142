/** @polydrive/provider-local: a folder on disk as a drive, jailed to its root, with atomic writes. */
import type { ProviderModule } from '@polydrive/core';
import { localCapabilities } from './capabilities.js';
import { createLocalProvider, optionsFromConfig } from './create-local-provider.js';

export { localCapabilities } from './capabilities.js';
export { createLocalProvider, type LocalProviderOptions } from './create-local-provider.js';
export { LocalProvider } from './local-provider.js';
export { STAGING_FOLDER } from './staging.js';

/** The registry's entry point: `local:///abs/root` loads this with `{ root: '/abs/root' }`. */
export const polydriveProvider = {
  name: 'local',
  capabilities: localCapabilities,
  create: (options: Record<string, unknown>) => createLocalProvider(optionsFromConfig(options)),
} satisfies ProviderModule;
