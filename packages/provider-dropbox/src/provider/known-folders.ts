interface KnownFolder {
  /** The folder's path as Dropbox displays it. */
  readonly display: string;
  readonly until: number;
}

/** Folders remembered at once at most; the oldest is forgotten first. */
const MAX_FOLDERS = 1000;

/**
 * Folders known to exist, by the exact path they were asked for, so that a write does not look
 * its parent up every time (Dropbox would create a missing parent on its own, which is why the
 * provider looks first). An entry lasts `ttlMs`; this provider's own deletes and moves forget what
 * they touch. A folder that another client deletes or moves meanwhile is not seen: a write into
 * it then re-creates it, as Dropbox does for any missing parent.
 */
export class KnownFolders {
  readonly #folders = new Map<string, KnownFolder>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The display path of a folder known to exist at `path`, if any. */
  get(path: string): string | undefined {
    const folder = this.#folders.get(path);
    if (folder === undefined) return undefined;
    if (folder.until > this.now()) return folder.display;
    this.#folders.delete(path);
    return undefined;
  }

  /** Records that `path` is a folder, displayed as `display`. */
  remember(path: string, display: string): void {
    if (this.ttlMs <= 0) return;
    this.#folders.delete(path);
    if (this.#folders.size >= MAX_FOLDERS) {
      const oldest = this.#folders.keys().next();
      if (!oldest.done) this.#folders.delete(oldest.value);
    }
    this.#folders.set(path, { display, until: this.now() + this.ttlMs });
  }

  /** Forgets `path` and everything below it, whatever the case of its letters. */
  forget(path: string): void {
    const lower = path.toLowerCase();
    for (const [key, folder] of this.#folders) {
      for (const known of [key.toLowerCase(), folder.display.toLowerCase()]) {
        if (known === lower || known.startsWith(`${lower}/`)) this.#folders.delete(key);
      }
    }
  }

  /** Forgets every folder. */
  clear(): void {
    this.#folders.clear();
  }
}
