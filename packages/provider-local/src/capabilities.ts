import type { Capabilities, HashKind } from '@polydrive/core';
import { STAGING_FOLDER } from './staging.js';

const MIB = 1024 * 1024;

/**
 * What the local provider can do. `hashes` is empty here because hashing is opt-in: a provider
 * made with `hashes: [...]` reports those kinds in its own `capabilities`.
 */
export const localCapabilities: Capabilities = {
  rangeRead: true,
  simpleUploadMaxSize: 8 * MIB,
  uploadSession: true,
  chunkMultiple: 1,
  chunkMaxSize: 256 * MIB,
  chunkDefaultSize: 8 * MIB,
  uploadUnknownSize: true,
  conflictPolicies: ['fail', 'replace', 'rename'],
  listPageSizeMax: 1000,
  recursiveList: false,
  hashes: [],
  serverSideCopy: true,
  serverSideFolderCopy: true,
  serverSideMove: true,
  // A folder on disk can be changed behind our back, so no cursor could honestly promise
  // to report every change.
  changes: false,
  search: true,
  permissions: false,
  shareLinks: false,
  about: true,
  passthrough: false,
  trash: false,
  conditionalWrite: true,
  stableIds: false,
  duplicateNames: false,
  names: {
    // NUL and the other control characters are refused for every provider by core's paths.
    invalidChars: '/',
    reservedNames: [STAGING_FOLDER],
    // Linux counts 255 bytes of UTF-8; the provider checks the byte length itself.
    maxNameLength: 255,
    maxPathLength: 4096,
    noLeadingOrTrailingSpace: false,
    noTrailingDot: false,
    caseInsensitive: false,
  },
};

/** The capabilities of one provider instance, which computes the given hash kinds. */
export function capabilitiesWithHashes(hashes: readonly HashKind[]): Capabilities {
  return { ...localCapabilities, hashes: [...hashes] };
}
