/** @polydrive/provider-memory: a whole drive in memory, for tests and examples. */
import type { Provider } from '@polydrive/core';
import { memoryCapabilities } from './capabilities.js';
import { createMemoryProvider, type MemoryProviderOptions } from './memory-provider.js';

export { memoryCapabilities } from './capabilities.js';
export {
  createMemoryProvider,
  MemoryProvider,
  type MemoryProviderOptions,
} from './memory-provider.js';

/** The registry's entry point: `createDrive('memory:')` loads this. */
export const polydriveProvider = {
  name: 'memory',
  capabilities: memoryCapabilities,
  create: (options: MemoryProviderOptions = {}): Provider => createMemoryProvider(options),
};
