import { randomUUID } from 'node:crypto';
import type { Stats } from 'node:fs';
import fs from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { errnoCode, PolydriveError } from '@polydrive/core';
import { FolderPin } from './folder-pin.js';
import { settleVoid } from './fs-calls.js';

/** The hidden folder in the root where writes are prepared; no path may name it. */
export const STAGING_FOLDER = '.polydrive-staging';

/** Staging items untouched for this long belong to crashed processes or forgotten uploads. */
export const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** Kinds of staging items, as name prefixes. */
export type StagingKind = 'write' | 'upload' | 'copy' | 'trash';

const UPLOAD_FILE = /^upload-[0-9a-f]{32}$/;

/**
 * The staging folder: new content is written here (and flushed, unless the provider was made
 * with `fsync: false`), then renamed into place, so that a target only ever holds complete
 * content. It lives in the root so that renames stay on one file system.
 *
 * Writes make their files through the pinned folder where pins work (see FolderPin); other
 * staging items (uploads, copies, trash) go by path, which a saved upload state names in any
 * process.
 */
export class Staging {
  /** The staging folder's absolute path. */
  readonly dir: string;
  private pin: FolderPin | undefined;
  private closed = false;

  /**
   * @param fdCallsInline whether a staged file's descriptor may be read and closed on the main
   * thread (see fdCallsNeverWait).
   */
  constructor(
    root: string,
    readonly fdCallsInline = false,
  ) {
    this.dir = join(root, STAGING_FOLDER);
  }

  /**
   * Creates the folder when missing (it may be deleted at any time) and refuses a link. Called
   * before each staging item is made by path, so it looks first: one `lstat` when the folder is
   * there.
   */
  ensure(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ensureThen(settleVoid(resolve, reject));
    });
  }

  /**
   * `ensure` for a chain of node:fs callbacks: `done` gets null, or the error. Only the kind of
   * item matters here, so `lstat` answers in numbers, cheaper to build than BigInts.
   */
  ensureThen(done: (err: unknown) => void): void {
    this.lookThen<Stats>(
      (then) => fs.lstat(this.dir, then),
      (err, st) => done(err ?? this.folderError(st as Stats)),
    );
  }

  /**
   * Runs `look` on the folder and, when it is missing, creates it and looks once more: the folder
   * may be deleted at any time. `done` gets what the last look said.
   */
  private lookThen<T>(
    look: (then: (err: unknown, value?: T) => void) => void,
    done: (err: unknown, value?: T) => void,
  ): void {
    look((err, value) => {
      if (errnoCode(err) !== 'ENOENT') {
        done(err, value);
        return;
      }
      fs.mkdir(this.dir, (mkdirErr) => {
        if (mkdirErr !== null && mkdirErr.code !== 'EEXIST') done(mkdirErr);
        else look(done);
      });
    });
  }

  /**
   * Where to create a new staging file: `done` gets the folder to create it in, and the pin to
   * `release` once the file has been renamed away or removed (undefined when not pinned). While
   * the folder is pinned (see FolderPin) this makes no file-system call.
   */
  folderThen(done: (err: unknown, folder: string, pin: FolderPin | undefined) => void): void {
    const pin = this.pin;
    if (pin !== undefined) {
      done(null, pin.use(), pin);
    } else if (this.closed || !FolderPin.supported) {
      this.ensureThen((err) => done(err, this.dir, undefined));
    } else {
      this.pinThen((err) => {
        if (err === null) this.folderThen(done);
        else done(err, this.dir, undefined);
      });
    }
  }

  /**
   * Pins the folder, creating it when missing. Opening it refuses a link or a file at its name,
   * so the pin is the check `ensure` makes.
   */
  private pinThen(done: (err: unknown) => void): void {
    this.lookThen<FolderPin>(
      (then) =>
        FolderPin.open(this.dir, (err, pinned) => {
          const code = err?.code;
          then(code === 'ELOOP' || code === 'ENOTDIR' ? this.notAFolder() : err, pinned);
        }),
      (err, pinned) => {
        if (pinned !== undefined && (this.pin !== undefined || this.closed)) pinned.retire();
        else if (pinned !== undefined) this.pin = pinned;
        done(err);
      },
    );
  }

  /**
   * Lets go of a pin whose folder is gone (a staging file could not be created in it): the next
   * write checks and pins the folder again.
   */
  unpin(pin: FolderPin): void {
    if (this.pin === pin) this.pin = undefined;
    pin.retire();
  }

  /** Closes the pinned folder's descriptor once no write uses it; later writes go by path. */
  close(): void {
    this.closed = true;
    if (this.pin !== undefined) this.unpin(this.pin);
  }

  /** PermissionDenied unless `st` is what `lstat` says about a plain folder; null when it is. */
  private folderError(st: Stats): PolydriveError | null {
    return st.isDirectory() ? null : this.notAFolder();
  }

  /** The error for a staging folder that is a link or a file. */
  private notAFolder(): PolydriveError {
    return new PolydriveError('PermissionDenied', {
      message: `${STAGING_FOLDER} in the root is not a plain folder, so writes cannot be staged safely.`,
      advice: `Remove ${STAGING_FOLDER} from the root folder on disk; the provider recreates it.`,
      target: this.dir,
    });
  }

  /** A fresh, unused name for a staging item of the given kind: 122 random bits in hex. */
  newName(kind: StagingKind): string {
    // randomUUID draws from a cached pool, several times cheaper per call than randomBytes.
    return `${kind}-${randomUUID().replaceAll('-', '')}`;
  }

  /** The absolute path of a staging item. */
  pathOf(name: string): string {
    // A name has no separator and is not `.` or `..`: nothing for path.join to normalise.
    return this.dir + sep + name;
  }

  /**
   * The absolute path of an upload session's staging file, from a name found in an upload
   * state. The name is checked strictly, so a crafted state cannot name anything else.
   */
  uploadPath(name: unknown): string {
    if (typeof name !== 'string' || !UPLOAD_FILE.test(name)) {
      throw new PolydriveError('InvalidArgument', {
        message: 'The upload state does not name a staging file of the local provider.',
        advice: 'Pass the state exactly as createUploadSession or uploadChunk returned it.',
      });
    }
    return this.pathOf(name);
  }

  /** Removes a staging item, ignoring one that is already gone. */
  async discard(abs: string): Promise<void> {
    await rm(abs, { recursive: true, force: true });
  }

  /**
   * Removes staging items that have not been modified for `maxAgeMs`. Best effort: a root that
   * is read-only or shared with other users must still open, so failures are left for next time.
   */
  async sweep(maxAgeMs: number, now = Date.now()): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const abs = this.pathOf(name);
      try {
        if (now - (await lstat(abs)).mtimeMs > maxAgeMs) await this.discard(abs);
      } catch {
        // Gone already, or not ours to remove: either way nothing to do now.
      }
    }
  }
}
