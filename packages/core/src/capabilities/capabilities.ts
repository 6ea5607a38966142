import type { HashKind } from '../model/entry.js';
import type { ConflictPolicy } from '../provider/provider.js';

/** Rules a provider applies to item names; the facade checks them before any request is made. */
export interface NameRules {
  /** Characters that may not appear in a name. */
  readonly invalidChars: string;
  /** Names that are refused whatever their case (e.g. `CON`, `desktop.ini`). */
  readonly reservedNames: readonly string[];
  /** Longest name in UTF-16 code units. */
  readonly maxNameLength: number;
  /** Longest full path in UTF-16 code units. */
  readonly maxPathLength: number;
  /** Names may not start or end with a space. */
  readonly noLeadingOrTrailingSpace: boolean;
  /** Names may not end with a dot. */
  readonly noTrailingDot: boolean;
  /** Two names that differ only in case name the same item. */
  readonly caseInsensitive: boolean;
}

/**
 * What a provider can do, with its limits. The facade plans from it and fails fast with
 * `Unsupported` for anything marked false: no option is ever ignored silently.
 */
export interface Capabilities {
  /** Ranged reads (`read(path, { range })`). */
  readonly rangeRead: boolean;
  /** Largest file sent in one request; above it the facade uses an upload session. */
  readonly simpleUploadMaxSize: number;
  /** Resumable upload sessions. */
  readonly uploadSession: boolean;
  /** Every chunk but the last must be a multiple of this many bytes. */
  readonly chunkMultiple: number;
  /** Largest chunk the provider accepts in one request. */
  readonly chunkMaxSize: number;
  /** The chunk size used when the caller does not choose one (a multiple of `chunkMultiple`). */
  readonly chunkDefaultSize: number;
  /** Sessions can start without knowing the total size (streams of unknown length). */
  readonly uploadUnknownSize: boolean;
  /** Conflict policies a write, copy or move can honour. */
  readonly conflictPolicies: readonly ConflictPolicy[];
  /** Largest page `listPage` can return. */
  readonly listPageSizeMax: number;
  /** The provider lists a whole tree natively (else `walk` recurses folder by folder). */
  readonly recursiveList: boolean;
  /** Hashes the provider reports for files. */
  readonly hashes: readonly HashKind[];
  /** Server-side copy of files. */
  readonly serverSideCopy: boolean;
  /** Server-side copy of whole folders. */
  readonly serverSideFolderCopy: boolean;
  /** Server-side move and rename. */
  readonly serverSideMove: boolean;
  /** A change feed with resumable cursors. */
  readonly changes: boolean;
  /** Server-side search. */
  readonly search: boolean;
  /** Reading and editing permissions. */
  readonly permissions: boolean;
  /** Creating, listing and revoking sharing links. */
  readonly shareLinks: boolean;
  /** Account and quota information. */
  readonly about: boolean;
  /** Authenticated raw requests to the provider's API. */
  readonly passthrough: boolean;
  /** Deletes go to a trash that can be restored (`delete(…, { permanent: true })` skips it). */
  readonly trash: boolean;
  /** Conditional updates with an etag (`ifMatch`). */
  readonly conditionalWrite: boolean;
  /** Ids survive a move or rename. */
  readonly stableIds: boolean;
  /** A folder may hold two items with the same name (Google Drive). */
  readonly duplicateNames: boolean;
  readonly names: NameRules;
}

/** Name rules that accept everything a POSIX file system would. */
export const PERMISSIVE_NAME_RULES: NameRules = {
  invalidChars: '',
  reservedNames: [],
  maxNameLength: 255,
  maxPathLength: 4096,
  noLeadingOrTrailingSpace: false,
  noTrailingDot: false,
  caseInsensitive: false,
};

/** Capability names that gate a whole operation, for `requireCapability`. */
export type OperationCapability =
  | 'rangeRead'
  | 'uploadSession'
  | 'changes'
  | 'search'
  | 'permissions'
  | 'shareLinks'
  | 'about'
  | 'passthrough'
  | 'conditionalWrite';
