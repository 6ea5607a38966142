import type { Capabilities, NameRules } from '@polydrive/core';

const MIB = 1024 * 1024;

/** Upload session chunks are multiples of 4 MiB, Dropbox's content_hash block size. */
export const CHUNK_MULTIPLE = 4 * MIB;

/** Dropbox takes at most 150 MiB per request; the largest multiple of 4 MiB under it. */
export const CHUNK_MAX_SIZE = 148 * MIB;

/** 48 MiB: few requests for large files, a cheap resend when one fails. */
export const CHUNK_DEFAULT_SIZE = 48 * MIB;

/** Files up to this size go in one request (held in memory); larger ones in an upload session. */
export const UPLOAD_SESSION_THRESHOLD = 8 * MIB;

/** The largest body of one request, and so the largest threshold. */
export const MAX_REQUEST_SIZE = 150 * MIB;

/** Dropbox's largest list_folder `limit`. */
const LIST_PAGE_SIZE_MAX = 2000;

/**
 * Dropbox name rules: `\` is refused, names Dropbox will not store are reserved, and names are
 * matched without regard to case. Dropbox sets no overall path limit; 4096 keeps paths sane.
 */
export const DROPBOX_NAME_RULES: NameRules = {
  invalidChars: '\\',
  reservedNames: ['desktop.ini', 'thumbs.db', '.ds_store', '.dropbox', '.dropbox.attr'],
  maxNameLength: 255,
  maxPathLength: 4096,
  noLeadingOrTrailingSpace: false,
  noTrailingDot: false,
  caseInsensitive: true,
};

/** What the Dropbox provider can do, with the default threshold and chunk size. */
export const dropboxCapabilities: Capabilities = {
  rangeRead: true,
  simpleUploadMaxSize: UPLOAD_SESSION_THRESHOLD,
  uploadSession: true,
  chunkMultiple: CHUNK_MULTIPLE,
  chunkMaxSize: CHUNK_MAX_SIZE,
  chunkDefaultSize: CHUNK_DEFAULT_SIZE,
  uploadUnknownSize: true,
  conflictPolicies: ['fail', 'replace', 'rename'],
  listPageSizeMax: LIST_PAGE_SIZE_MAX,
  recursiveList: false,
  hashes: ['dropbox'],
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
  names: DROPBOX_NAME_RULES,
};
