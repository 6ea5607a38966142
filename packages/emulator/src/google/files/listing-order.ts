import { type DriveFile, isFolder } from './file.js';
import type { FileStore } from './store.js';

/** What one `orderBy` name sorts by. */
export type SortKey = (file: DriveFile) => number | string;

const SORT_KEYS: Record<string, SortKey> = {
  createdTime: (file) => file.created,
  folder: (file) => (isFolder(file) ? 0 : 1),
  modifiedTime: (file) => file.modified,
  modifiedByMeTime: (file) => file.modified,
  name: (file) => file.name.toLowerCase(),
  name_natural: (file) => file.name.toLowerCase(),
  quotaBytesUsed: (file) => file.blob?.size ?? 0,
  recency: (file) => file.modified,
  starred: (file) => (file.starred ? 0 : 1),
  viewedByMeTime: (file) => file.modified,
};

/** One term of a parsed `orderBy`. */
export interface SortTerm {
  readonly key: SortKey;
  readonly desc: boolean;
}

/** The key of an `orderBy` name; undefined for a name Drive does not sort by. */
export function sortKey(name: string): SortKey | undefined {
  return SORT_KEYS[name];
}

interface Cached {
  readonly seq: number;
  readonly files: readonly DriveFile[];
}

/** How many orders are kept: a few listings paged through at the same time. */
const CACHED_ORDERS = 16;

/**
 * The files a listing walks, in its order: the children of one folder (or every file) sorted by
 * `orderBy`, ties and unsorted listings in creation order. An order is kept until the store
 * changes, so paging through a large folder sorts it once rather than once per page.
 */
export class ListingOrders {
  readonly #cache = new Map<string, Cached>();

  constructor(private readonly store: FileStore) {}

  /** Files under `parentId` (every file when undefined), sorted by `order` (its text is `orderBy`). */
  sorted(
    parentId: string | undefined,
    orderBy: string | null,
    order: readonly SortTerm[],
  ): readonly DriveFile[] {
    const key = `${parentId ?? '*'}\n${orderBy ?? ''}`;
    const cached = this.#cache.get(key);
    if (cached && cached.seq === this.store.seq) return cached.files;
    const source = parentId === undefined ? [...this.store.all()] : this.store.children(parentId);
    const files = sortFiles(source, order);
    this.#cache.delete(key);
    this.#cache.set(key, { seq: this.store.seq, files });
    if (this.#cache.size > CACHED_ORDERS) {
      const [oldest] = this.#cache.keys();
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return files;
  }
}

/** Sorts with each file's keys computed once, ties in creation order. */
function sortFiles(files: DriveFile[], order: readonly SortTerm[]): DriveFile[] {
  const rows = files.map((file) => ({ file, keys: order.map((term) => term.key(file)) }));
  rows.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const left = a.keys[i] as number | string;
      const right = b.keys[i] as number | string;
      if (left === right) continue;
      const result = left < right ? -1 : 1;
      return (order[i] as SortTerm).desc ? -result : result;
    }
    return a.file.serial - b.file.serial;
  });
  return rows.map((row) => row.file);
}
