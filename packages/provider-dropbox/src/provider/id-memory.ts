/**
 * The ids of paths this provider has seen, up to a bound; the path whose id was remembered
 * longest ago goes first. Dropbox's change feed reports deletions by path only (DeletedMetadata
 * has no id); this maps them back to ids.
 */
export class IdMemory {
  readonly #ids = new Map<string, string>();

  constructor(private readonly limit = 100_000) {}

  /** Remembers the id at a lower-case path. */
  remember(pathLower: string | undefined, id: string | undefined): void {
    if (pathLower === undefined || id === undefined) return;
    const known = this.#ids.get(pathLower);
    // A listing sees the same ids again and again: a lookup costs a third of a re-insertion.
    if (known === id) return;
    if (known !== undefined) this.#ids.delete(pathLower);
    this.#ids.set(pathLower, id);
    if (this.#ids.size > this.limit) {
      const oldest = this.#ids.keys().next().value;
      if (oldest !== undefined) this.#ids.delete(oldest);
    }
  }

  /** The id last seen at a lower-case path. */
  idAt(pathLower: string): string | undefined {
    return this.#ids.get(pathLower);
  }
}
