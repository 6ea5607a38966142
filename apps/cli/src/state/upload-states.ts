import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadState } from '@polydrive/core';
import { readOptionalFile, writePrivateFile } from '../config/private-file.js';

/** What is kept of an interrupted upload, between runs. */
export interface SavedUpload {
  readonly version: 1;
  /** The destination, as `remote:/path`. */
  readonly destination: string;
  /** The identity of the source it was sending (see Place.identity). */
  readonly source: string;
  /** Core's upload state, as `onState` gave it. */
  readonly state: UploadState;
}

/**
 * Upload states in `<config dir>/uploads/`, one file per destination (named by a hash of it), so
 * that running the same `put` or `cp` again finds the upload it interrupted. The files are private
 * (0600): a session URL can be a credential for that one upload.
 */
export class UploadStates {
  constructor(
    /** The folder the states live in. */
    readonly dir: string,
  ) {}

  /** The saved upload to a destination, if any. A damaged file counts as none. */
  async load(destination: string): Promise<SavedUpload | undefined> {
    const text = await readOptionalFile(this.fileOf(destination));
    if (text === undefined) return undefined;
    try {
      const saved = JSON.parse(text) as SavedUpload;
      const usable =
        saved.version === 1 &&
        saved.destination === destination &&
        typeof saved.source === 'string' &&
        typeof saved.state === 'object' &&
        saved.state !== null;
      return usable ? saved : undefined;
    } catch {
      return undefined;
    }
  }

  async save(saved: SavedUpload): Promise<void> {
    await writePrivateFile(this.fileOf(saved.destination), `${JSON.stringify(saved)}\n`);
  }

  async remove(destination: string): Promise<void> {
    await rm(this.fileOf(destination), { force: true });
  }

  /** The state file of a destination. */
  fileOf(destination: string): string {
    const digest = createHash('sha256').update(destination).digest('hex').slice(0, 32);
    return join(this.dir, `${digest}.json`);
  }
}
