import type { GraphClient } from '../graph/graph-client.js';

/** What the provider's parts share: the Graph client and the selected drive's base path. */
export interface OneDriveContext {
  readonly graph: GraphClient;
  /** `/me/drive`, `/drives/{id}` or `/sites/{id}/drive`. */
  readonly drive: string;
}

/** The provider's registered name, used in errors and upload states. */
export const PROVIDER_NAME = 'onedrive';
