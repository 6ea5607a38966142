import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readOptionalFile, writePrivateFile } from '../config/private-file.js';
import type { Remote } from '../remotes/remotes.js';

/**
 * Change-feed cursors in `<config dir>/cursors/`, one per remote definition: redefining a remote
 * (another type or options) starts a new feed rather than reusing a cursor that cannot fit.
 */
export class CursorStore {
  constructor(
    /** The folder the cursors live in. */
    readonly dir: string,
  ) {}

  async load(remote: Remote): Promise<string | undefined> {
    const text = await readOptionalFile(this.fileOf(remote));
    if (text === undefined) return undefined;
    try {
      const saved = JSON.parse(text) as { cursor?: unknown };
      return typeof saved.cursor === 'string' ? saved.cursor : undefined;
    } catch {
      return undefined;
    }
  }

  async save(remote: Remote, cursor: string): Promise<void> {
    const saved = { version: 1, remote: remote.name, cursor, savedAt: new Date().toISOString() };
    await writePrivateFile(this.fileOf(remote), `${JSON.stringify(saved)}\n`);
  }

  async remove(remote: Remote): Promise<void> {
    await rm(this.fileOf(remote), { force: true });
  }

  private fileOf(remote: Remote): string {
    const identity = JSON.stringify([
      remote.name,
      remote.type,
      Object.entries(remote.options).sort(),
    ]);
    return join(
      this.dir,
      `${createHash('sha256').update(identity).digest('hex').slice(0, 32)}.json`,
    );
  }
}
