import type { DropboxClient } from '../api/dropbox-client.js';
import type { DropboxMetadata } from '../api/metadata.js';
import type { CommitBatcher } from './commit-batcher.js';
import type { IdMemory } from './id-memory.js';

/** The provider's name. */
export const PROVIDER_NAME = 'dropbox';

/** What the provider's parts share. */
export interface DropboxContext {
  readonly client: DropboxClient;
  readonly batcher: CommitBatcher;
  readonly ids: IdMemory;
}

/** Remembers the id of every item whose metadata passes through, for the change feed. */
export function seen<T extends DropboxMetadata>(context: DropboxContext, meta: T): T {
  context.ids.remember(meta.path_lower, meta.id);
  return meta;
}
