import type { Capabilities, NameRules } from '@polydrive/core';

/** Resumable chunks, except the last, must be multiples of 256 KiB (Drive's rule). */
export const CHUNK_MULTIPLE = 256 * 1024;

/** 8 MiB: Google's own recommendation for throughput, and a retried chunk costs little. */
export const CHUNK_DEFAULT_SIZE = 8 * 1024 * 1024;

/** Drive sets no ceiling per request; this one keeps a chunk's memory bounded. */
export const CHUNK_MAX_SIZE = 256 * 1024 * 1024;

/** Google suggests multipart uploads up to 5 MB; larger files go through a resumable session. */
export const SIMPLE_UPLOAD_MAX_SIZE = 5 * 1024 * 1024;

/**
 * Drive names may hold any character, `/` included (which a path cannot express: address such
 * items by id) and are case-sensitive; Drive documents no length limit, so a generous one is set.
 */
export const GDRIVE_NAME_RULES: NameRules = {
  invalidChars: '',
  reservedNames: [],
  maxNameLength: 32_767,
  maxPathLength: 32_767,
  noLeadingOrTrailingSpace: false,
  noTrailingDot: false,
  caseInsensitive: false,
};

/** What the Google Drive provider can do, with the default chunk size. */
export const gdriveCapabilities: Capabilities = {
  rangeRead: true,
  simpleUploadMaxSize: SIMPLE_UPLOAD_MAX_SIZE,
  uploadSession: true,
  chunkMultiple: CHUNK_MULTIPLE,
  chunkMaxSize: CHUNK_MAX_SIZE,
  chunkDefaultSize: CHUNK_DEFAULT_SIZE,
  uploadUnknownSize: true,
  conflictPolicies: ['fail', 'replace', 'rename'],
  listPageSizeMax: 1000,
  recursiveList: false,
  hashes: ['md5', 'sha1', 'sha256'],
  serverSideCopy: true,
  serverSideFolderCopy: false,
  serverSideMove: true,
  changes: true,
  search: true,
  permissions: true,
  shareLinks: true,
  about: true,
  passthrough: true,
  trash: true,
  conditionalWrite: false,
  stableIds: true,
  duplicateNames: true,
  names: GDRIVE_NAME_RULES,
};
