import type { Entry } from '@polydrive/core';

/** A file or folder as the API returns it: what the listing shows, nothing provider-specific. */
export interface EntryJson {
  readonly kind: 'file' | 'folder';
  readonly name: string;
  readonly path?: string;
  readonly id: string;
  /** Bytes; files only. */
  readonly size?: number;
  readonly mimeType?: string;
  /** ISO 8601. */
  readonly modifiedAt?: string;
  readonly childCount?: number;
}

/** The JSON form of an entry. */
export function entryJson(entry: Entry): EntryJson {
  return {
    kind: entry.kind,
    name: entry.name,
    id: entry.id,
    ...(entry.path !== undefined ? { path: entry.path } : {}),
    ...(entry.modifiedAt ? { modifiedAt: entry.modifiedAt.toISOString() } : {}),
    ...(entry.kind === 'file'
      ? { size: entry.size, ...(entry.mimeType ? { mimeType: entry.mimeType } : {}) }
      : entry.childCount !== undefined
        ? { childCount: entry.childCount }
        : {}),
  };
}
