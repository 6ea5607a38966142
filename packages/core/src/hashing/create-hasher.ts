import type { HashKind } from '../model/entry.js';
import { type ContentHasher, unknownHashKindError } from './content-hasher.js';
import { DropboxContentHasher } from './dropbox-hasher.js';
import { NodeDigestHasher } from './node-digest-hasher.js';
import { QuickXorHasher } from './quick-xor-hasher.js';

/** A fresh streaming hasher for one hash kind. Throws InvalidArgument for an unknown kind. */
export function createHasher(kind: HashKind): ContentHasher {
  switch (kind) {
    case 'sha1':
    case 'sha256':
    case 'md5':
      return new NodeDigestHasher(kind);
    case 'quickXor':
      return new QuickXorHasher();
    case 'dropbox':
      return new DropboxContentHasher();
    default:
      throw unknownHashKindError(kind);
  }
}
