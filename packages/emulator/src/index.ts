export type {
  DropboxAccountInfo,
  DropboxControl,
  DropboxItemInfo,
  DropboxMintedTokens,
  DropboxSeedEntries,
} from './dropbox/control.js';
export { DROPBOX_DEFAULT_CLIENT_ID } from './dropbox/control.js';
export { DROPBOX_API_HOST, DROPBOX_CONTENT_HOST, DROPBOX_WEB_HOST } from './dropbox/hosts.js';
export type {
  DropboxAccountSeed,
  DropboxClientSeed,
  DropboxOptions,
} from './dropbox/options.js';
export type { TokenAccessType } from './dropbox/tokens.js';
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
  GoogleAccountInfo,
  GoogleControl,
  GoogleDocSeed,
  GoogleErrorSpec,
  GoogleFileInfo,
  GoogleMintedTokens,
  GoogleNewFile,
  GoogleSeedEntries,
  GoogleSeedValue,
  GoogleSharedDriveInfo,
  GoogleWhere,
} from './google/control.js';
export { GOOGLE_DEFAULT_CLIENT_ID } from './google/control.js';
export type { GoogleDocKind } from './google/files/file.js';
export { GOOGLE_ACCOUNTS_HOST, GOOGLE_API_HOST, GOOGLE_OAUTH_HOST } from './google/hosts.js';
export type {
  GoogleAccountSeed,
  GoogleClientSeed,
  GoogleOptions,
  GoogleSharedDriveSeed,
  SharedDriveRole,
} from './google/options.js';
export type {
  MicrosoftAccountInfo,
  MicrosoftControl,
  MicrosoftItemInfo,
  MicrosoftRecycledInfo,
  MicrosoftSiteInfo,
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
export type { MicrosoftSiteSeed } from './microsoft/sites.js';
export type { Clock } from './server/clock.js';
export type { LinkStyle } from './server/links.js';
export type { ProviderName } from './server/provider-emulator.js';
