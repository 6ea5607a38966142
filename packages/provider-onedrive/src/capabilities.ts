import type { Capabilities, NameRules } from '@polydrive/core';

/** Upload session fragments must be multiples of 320 KiB (Graph's rule). */
export const CHUNK_MULTIPLE = 320 * 1024;

/**
 * Graph wants every fragment strictly under 60 MiB, and 60 MiB is itself a multiple of 320 KiB,
 * so the largest legal chunk is one multiple below it.
 */
export const CHUNK_MAX_SIZE = 60 * 1024 * 1024 - CHUNK_MULTIPLE;

/** 10 MiB: large enough for throughput, small enough that a retried chunk costs little. */
export const CHUNK_DEFAULT_SIZE = 10 * 1024 * 1024;

/** Above this size the facade switches from one PUT to an upload session. */
export const SIMPLE_UPLOAD_MAX_SIZE = 4 * 1024 * 1024;

/** Graph caps `$top`; 1000 is the largest page it is known to honour. */
const LIST_PAGE_SIZE_MAX = 1000;

const RESERVED_NAMES: readonly string[] = [
  '.lock',
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...Array.from({ length: 10 }, (_, i) => `COM${i}`),
  ...Array.from({ length: 10 }, (_, i) => `LPT${i}`),
  'desktop.ini',
];

/**
 * OneDrive and SharePoint name rules (the union of personal and business): no `/ \ * < > ? : | "`,
 * no leading or trailing spaces, no trailing dot, Windows device names reserved, 400-character paths.
 */
export const ONEDRIVE_NAME_RULES: NameRules = {
  invalidChars: '/\\*<>?:|"',
  reservedNames: RESERVED_NAMES,
  maxNameLength: 255,
  maxPathLength: 400,
  noLeadingOrTrailingSpace: true,
  noTrailingDot: true,
  caseInsensitive: true,
};

/** What the OneDrive provider can do, with the default chunk size. */
export const onedriveCapabilities: Capabilities = {
  rangeRead: true,
  simpleUploadMaxSize: SIMPLE_UPLOAD_MAX_SIZE,
  uploadSession: true,
  chunkMultiple: CHUNK_MULTIPLE,
  chunkMaxSize: CHUNK_MAX_SIZE,
  chunkDefaultSize: CHUNK_DEFAULT_SIZE,
  uploadUnknownSize: false,
  conflictPolicies: ['fail', 'replace', 'rename'],
  listPageSizeMax: LIST_PAGE_SIZE_MAX,
  recursiveList: false,
  hashes: ['quickXor'],
  serverSideCopy: true,
  serverSideFolderCopy: true,
  serverSideMove: true,
  changes: true,
  search: true,
  permissions: true,
  shareLinks: true,
  about: true,
  passthrough: true,
  trash: true,
  conditionalWrite: true,
  stableIds: true,
  duplicateNames: false,
  names: ONEDRIVE_NAME_RULES,
};
