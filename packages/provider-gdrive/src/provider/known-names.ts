interface KnownFolder {
  readonly until: number;
  readonly taken: Set<string>;
}

/** Folders remembered at once at most; the oldest is forgotten first. */
const MAX_FOLDERS = 1000;

/** A folder holding more names than this is not listed to renew what is known of it. */
const MAX_RENEWED_NAMES = 10_000;

/** Lists the names a folder holds now (every page). */
export type ListNames = () => Promise<readonly string[]>;

/**
 * The names known to be free in folders this provider created, so that a write there can skip
 * the lookup that Drive's duplicate names otherwise need before each write. A folder made here
 * starts empty; every name this provider gives an item in it (write, upload session, folder, move,
 * copy) is marked taken before the request goes, and stays taken: a name freed by a delete or a
 * move is simply looked up again. What stays unseen is another client adding a name to the
 * folder, so what is known is trusted for `ttlMs`; after that, the next write into the folder
 * lists it once (when it holds at most 10,000 names) and what it holds, with every name taken here,
 * is trusted for `ttlMs` again. A write under a name that another client used within that window
 * adds a second item with the name, as a write racing another client between a lookup and the
 * request always could.
 */
export class KnownNames {
  readonly #folders = new Map<string, KnownFolder>();
  readonly #renewing = new Map<string, Promise<KnownFolder | undefined>>();
  #cleared = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records a folder this provider has just created, as empty. */
  created(folderId: string): void {
    if (this.ttlMs > 0) this.#set(folderId, new Set());
  }

  /**
   * Marks `name` taken and answers true when it was known to be free in the folder; nothing is
   * known of folders this provider did not create. Expired knowledge is renewed with `list`, one
   * listing at a time per folder.
   */
  async claim(folderId: string, name: string, list: ListNames): Promise<boolean> {
    let folder = this.#folders.get(folderId);
    if (folder !== undefined && folder.until <= this.now())
      folder = await this.#renew(folderId, list);
    if (folder === undefined || folder.taken.has(name)) return false;
    folder.taken.add(name);
    return true;
  }

  /** Marks a name taken, or about to be: call it before the request that may take it. */
  take(folderId: string, name: string): void {
    this.#folders.get(folderId)?.taken.add(name);
  }

  /** Forgets every folder (after requests this provider cannot follow, such as a passthrough). */
  clear(): void {
    this.#folders.clear();
    this.#cleared++;
  }

  #renew(folderId: string, list: ListNames): Promise<KnownFolder | undefined> {
    const running = this.#renewing.get(folderId);
    if (running) return running;
    const renewal = this.#list(folderId, list).finally(() => this.#renewing.delete(folderId));
    this.#renewing.set(folderId, renewal);
    return renewal;
  }

  async #list(folderId: string, list: ListNames): Promise<KnownFolder | undefined> {
    const stale = this.#folders.get(folderId);
    if (stale === undefined || stale.taken.size > MAX_RENEWED_NAMES) {
      this.#folders.delete(folderId);
      return undefined;
    }
    const cleared = this.#cleared;
    let names: readonly string[];
    try {
      names = await list();
    } catch {
      // The lookup that replaces what is known reports whatever went wrong.
      this.#folders.delete(folderId);
      return undefined;
    }
    if (cleared !== this.#cleared) return undefined;
    if (names.length > MAX_RENEWED_NAMES) {
      this.#folders.delete(folderId);
      return undefined;
    }
    // Names taken here stay taken: a listing may not show an item created a moment ago.
    const taken = new Set(names);
    for (const name of this.#folders.get(folderId)?.taken ?? stale.taken) taken.add(name);
    return this.#set(folderId, taken);
  }

  #set(folderId: string, taken: Set<string>): KnownFolder {
    this.#folders.delete(folderId);
    if (this.#folders.size >= MAX_FOLDERS) {
      const oldest = this.#folders.keys().next();
      if (!oldest.done) this.#folders.delete(oldest.value);
    }
    const folder = { until: this.now() + this.ttlMs, taken };
    this.#folders.set(folderId, folder);
    return folder;
  }
}
