/** Options of a {@link FolderIds} cache. */
export interface FolderIdsOptions {
  /** How long a mapping is trusted, in ms; 0 keeps nothing. */
  readonly ttlMs: number;
  /** The most mappings kept; the least recently used goes first. */
  readonly maxEntries: number;
  /** The clock, in ms (tests pass a fake one). */
  readonly now?: () => number;
}

interface Mapping {
  readonly id: string;
  readonly expiresAt: number;
}

/** The most folder ids kept; each is a path and an id, a few hundred bytes. */
export const FOLDER_IDS_MAX_ENTRIES = 512;

/**
 * How long a folder's id is reused by default: a burst of writes shares one look-up, and a rename
 * by another client is seen within 10 s.
 */
export const FOLDER_IDS_DEFAULT_TTL_MS = 10_000;

/**
 * Folder path -> item id, for writes that address their parent by id: a write by id fails with 404
 * when the folder is gone, where a write by path would make Graph create the missing folders.
 * Lookups are by exact path; forgetting a path drops it and everything below it, compared without
 * case as OneDrive compares names, so a rename through another spelling is not missed.
 */
export class FolderIds {
  private readonly entries = new Map<string, Mapping>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private epoch = 0;

  constructor(options: FolderIdsOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Bumped by every `forget` and `clear`: a look-up that started before one of them must not store
   * what it found, since the folder may have moved meanwhile.
   */
  get generation(): number {
    return this.epoch;
  }

  /** The id of the folder at `path`, if known and still fresh. */
  get(path: string): string | undefined {
    const mapping = this.entries.get(path);
    if (mapping === undefined) return undefined;
    this.entries.delete(path);
    if (mapping.expiresAt <= this.now()) return undefined;
    this.entries.set(path, mapping);
    return mapping.id;
  }

  /** Remembers a folder's id, unless the cache changed since `generation` was read. */
  set(path: string, id: string, generation: number = this.epoch): void {
    if (this.ttlMs <= 0 || generation !== this.epoch) return;
    this.entries.delete(path);
    this.entries.set(path, { id, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /** Drops the folder at `path` and every folder below it. */
  forget(path: string): void {
    this.epoch++;
    const folded = path.toLowerCase();
    const prefix = folded.endsWith('/') ? folded : `${folded}/`;
    for (const key of this.entries.keys()) {
      const k = key.toLowerCase();
      if (k === folded || k.startsWith(prefix)) this.entries.delete(key);
    }
  }

  /** Drops everything (after a change whose path is not known). */
  clear(): void {
    this.epoch++;
    this.entries.clear();
  }
}
