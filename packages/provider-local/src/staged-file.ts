import type { BigIntStats } from 'node:fs';
import fs, { constants } from 'node:fs';
import { sep } from 'node:path';
import { INLINE_CLOSE_MAX_BYTES } from './fd-calls-inline.js';
import { WRITE_SLICE, writeAllThen } from './file-io.js';
import type { FolderPin } from './folder-pin.js';
import { closeFd, fstatExact, settleVoid } from './fs-calls.js';
import type { Staging } from './staging.js';
import { stampTime } from './write-clock.js';

/*
 * Each write goes through here, so the file-system calls are chained with node:fs callbacks
 * under one promise per step: a promise per call, and an async function per helper, cost more
 * main-thread time than the calls themselves on a busy drive.
 */

/** Flags for a new staging file: created here, never an existing one. */
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;

/**
 * With these flags the write call itself returns only once the content is on disk, as a
 * following `fdatasync` would make it: one call fewer per write, where each call is a thread-pool
 * round trip. Undefined where the platform has no O_DSYNC (Windows); writes are flushed then.
 */
const CREATE_DURABLE_FLAGS =
  constants.O_DSYNC === undefined ? undefined : CREATE_FLAGS | constants.O_DSYNC;

/**
 * New content in a file of the staging folder, kept open so that it is filled, stamped, flushed
 * and, once renamed into place, read back through one descriptor. Its owner renames it into
 * place, then calls `statAndClose` (or `close` and `release`), or discards it.
 */
export class StagedFile {
  private closing: Promise<void> | undefined;
  private released = false;

  private constructor(
    private readonly staging: Staging,
    /** The file's path in the staging folder (through its pin, when pinned). */
    readonly abs: string,
    private readonly fd: number,
    /** Whether sealing flushes: asked to, and not written durably already (O_DSYNC). */
    private readonly flushOnSeal: boolean,
    private readonly pin: FolderPin | undefined,
  ) {}

  /**
   * Creates a staging file (in the pinned staging folder, or after checking it) and writes
   * `data` into it. With `fsync`, content that fits in one write call is written with O_DSYNC,
   * so that it is on disk when the write returns; other content is flushed by `seal`. On failure
   * or abort nothing is left behind.
   */
  static write(
    staging: Staging,
    data: Uint8Array,
    fsync: boolean,
    signal?: AbortSignal,
  ): Promise<StagedFile> {
    // Larger content is flushed once at the end rather than at every slice, and empty content
    // makes no write call for O_DSYNC to flush.
    const flags =
      fsync && data.byteLength > 0 && data.byteLength <= WRITE_SLICE
        ? CREATE_DURABLE_FLAGS
        : undefined;
    return new Promise((resolve, reject) => {
      const create = (retry: boolean): void => {
        staging.folderThen((err, folder, pin) => {
          if (err !== null) {
            reject(err);
            return;
          }
          const abs = folder + sep + staging.newName('write');
          fs.open(abs, flags ?? CREATE_FLAGS, 0o666, (openErr, fd) => {
            if (openErr !== null) {
              pin?.release();
              // A pinned folder that was removed takes no new files: pin it again (it is
              // recreated on the way) and try once more.
              if (pin !== undefined && openErr.code === 'ENOENT' && retry) {
                staging.unpin(pin);
                create(false);
              } else {
                reject(openErr);
              }
              return;
            }
            const file = new StagedFile(staging, abs, fd, fsync && flags === undefined, pin);
            writeAllThen(fd, data, 0, 'writeSmall', signal, (writeErr) => {
              if (writeErr === null) resolve(file);
              else file.discard().then(() => reject(writeErr), reject);
            });
          });
        });
      };
      create(true);
    });
  }

  /**
   * Gives the content its modification time (`ns` since the epoch) and, when the file was made
   * with `fsync` and its content not written durably, flushes both to disk. Durable content's
   * stamp is not flushed separately. Journaling file systems commit it no later than the rename
   * that follows, and where one is lost in a crash, the file keeps the time of its write: its
   * etag differs from the one the write returned, so an `ifMatch` with that etag fails rather
   * than passes.
   */
  seal(ns: bigint): Promise<void> {
    const time = stampTime(ns);
    return new Promise((resolve, reject) => {
      fs.futimes(this.fd, time, time, (err) => {
        if (err !== null) reject(err);
        else if (!this.flushOnSeal) resolve();
        else fs.fsync(this.fd, settleVoid(resolve, reject));
      });
    });
  }

  /**
   * What `fstat` says about the file, then closes it and releases the staging folder: for a file
   * just renamed into place, whose `lstat` there could already show another writer's file. Where
   * the staging folder's file system allows (see fdCallsNeverWait), the `fstat` runs at once on
   * the main thread rather than as a thread-pool round trip, and so does the `close` of a small
   * file that still has a name: the last close of a removed one frees its blocks.
   */
  async statAndClose(): Promise<BigIntStats> {
    if (this.closing !== undefined) {
      throw new Error('The staged file was closed before it was read back.');
    }
    const inline = this.staging.fdCallsInline;
    const st = inline ? fs.fstatSync(this.fd, { bigint: true }) : await fstatExact(this.fd);
    if (inline && st.nlink > 0n && st.size <= INLINE_CLOSE_MAX_BYTES) {
      this.closing = Promise.resolve();
      fs.closeSync(this.fd);
    } else {
      await this.close();
    }
    this.release();
    return st;
  }

  /** Closes the descriptor, once; the file stays wherever it is by then. */
  close(): Promise<void> {
    this.closing ??= closeFd(this.fd);
    return this.closing;
  }

  /** Lets go of the staging folder, once: the file's staging path is not used again. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.pin?.release();
  }

  /**
   * Closes the descriptor and removes the file if it is still in the staging folder. Once
   * released, the file was renamed into place: its staging path may no longer be used.
   */
  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    if (this.released) return;
    try {
      await this.staging.discard(this.abs);
    } finally {
      this.release();
    }
  }
}
