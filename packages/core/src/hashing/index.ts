export {
  comparableHashKinds,
  HASH_KIND_PREFERENCE,
  type HashMismatch,
  hashesMatch,
  preferredHashKind,
} from './compare-hashes.js';
export { type ContentHasher, HASH_KINDS, isHashKind } from './content-hasher.js';
export { createHasher } from './create-hasher.js';
export { DROPBOX_BLOCK_SIZE } from './dropbox-hasher.js';
export {
  createMultiHasher,
  type HashStreamOptions,
  hashBytes,
  hashStream,
  type MultiHasher,
} from './multi-hasher.js';
