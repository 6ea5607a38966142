import { createHash } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadState } from '@polydrive/core';
import {
  errnoOf,
  readOptionalDir,
  readOptionalFile,
  writePrivateFile,
} from '../config/private-file.js';

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

/** A saved upload as `polydrive uploads list` shows it. */
export interface StoredUpload {
  /** A short id for the command line: the start of the state file's name. */
  readonly id: string;
  readonly saved: SavedUpload;
  /** When the state was last saved (after the last chunk the provider confirmed). */
  readonly savedAt: Date;
}

/** True when the provider said the state's session ends before `now`. */
export function hasExpired(state: UploadState, now: number = Date.now()): boolean {
  return state.expiresAt !== undefined && Date.parse(state.expiresAt) <= now;
}

/** Hex digits of a state file's name that make its id: short to type, and unique in practice. */
const ID_LENGTH = 8;
const STATE_FILE = /^[0-9a-f]{32}\.json$/;

function parseSaved(text: string): SavedUpload | undefined {
  try {
    const saved = JSON.parse(text) as SavedUpload;
    const usable =
      saved.version === 1 &&
      typeof saved.destination === 'string' &&
      typeof saved.source === 'string' &&
      typeof saved.state === 'object' &&
      saved.state !== null;
    return usable ? saved : undefined;
  } catch {
    return undefined;
  }
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
    const saved = text === undefined ? undefined : parseSaved(text);
    return saved?.destination === destination ? saved : undefined;
  }

  /** Every saved upload, by destination. Damaged files, and files removed meanwhile, are left out. */
  async list(): Promise<StoredUpload[]> {
    const found: StoredUpload[] = [];
    for (const name of await readOptionalDir(this.dir)) {
      if (!STATE_FILE.test(name)) continue;
      const file = join(this.dir, name);
      const text = await readOptionalFile(file);
      const saved = text === undefined ? undefined : parseSaved(text);
      if (!saved || this.fileOf(saved.destination) !== file) continue;
      const savedAt = await stat(file).then(
        (info) => info.mtime,
        (err: unknown) => {
          if (errnoOf(err) === 'ENOENT') return undefined;
          throw err;
        },
      );
      if (savedAt) found.push({ id: this.idOf(saved.destination), saved, savedAt });
    }
    return found.sort((a, b) => a.saved.destination.localeCompare(b.saved.destination));
  }

  async save(saved: SavedUpload): Promise<void> {
    await writePrivateFile(this.fileOf(saved.destination), `${JSON.stringify(saved)}\n`);
  }

  async remove(destination: string): Promise<void> {
    await rm(this.fileOf(destination), { force: true });
  }

  /** The id `uploads list` prints for the upload to a destination. */
  idOf(destination: string): string {
    return this.digestOf(destination).slice(0, ID_LENGTH);
  }

  /** The state file of a destination. */
  fileOf(destination: string): string {
    return join(this.dir, `${this.digestOf(destination)}.json`);
  }

  private digestOf(destination: string): string {
    return createHash('sha256').update(destination).digest('hex').slice(0, 32);
  }
}
