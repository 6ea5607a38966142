export type {
  EmulatorHandle,
  EmulatorOptions,
  EmulatorUrls,
  FaultControl,
} from './emulator.js';
export { startEmulator } from './emulator.js';
export type { FaultKind, FaultMatch, FaultSpec, InjectedFault } from './faults/fault-registry.js';
export type { RequestRecord } from './faults/request-log.js';
export type {
  MicrosoftAccountInfo,
  MicrosoftControl,
  MicrosoftItemInfo,
  MintedTokens,
  SeedEntries,
} from './microsoft/control.js';
export { DEFAULT_CLIENT_ID } from './microsoft/control.js';
export {
  CONSUMER_TENANT_ID,
  DOWNLOAD_HOST,
  GRAPH_HOST,
  LOGIN_HOST,
  UPLOAD_HOST,
} from './microsoft/hosts.js';
export type {
  ConflictBehavior,
  MicrosoftAccountSeed,
  MicrosoftClientSeed,
  MicrosoftOptions,
} from './microsoft/options.js';
export { QuickXorHash } from './microsoft/quick-xor-hash.js';
export type { Clock } from './server/clock.js';
export type { LinkStyle } from './server/links.js';
export type { ProviderName } from './server/provider-emulator.js';
