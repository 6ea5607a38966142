import fs, { constants } from 'node:fs';
import { WRITE_SLICE, writeAllThen } from './file-io.js';
import { closeFd, settleVoid } from './fs-calls.js';
import type { Staging } from './staging.js';
import { stampSeconds } from './write-clock.js';

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
 * New content in a file of the staging folder, kept open so that it is filled, stamped and
 * flushed through one descriptor. Its owner renames it into place, then closes it, or discards it.
 */
export class StagedFile {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly staging: Staging,
    /** The file's absolute path in the staging folder. */
    readonly abs: string,
    private readonly fd: number,
    /** Whether sealing flushes: asked to, and not written durably already (O_DSYNC). */
    private readonly flushOnSeal: boolean,
  ) {}

  /**
   * Creates a staging file (after checking the staging folder) and writes `data` into it. With
   * `fsync`, content that fits in one write call is written with O_DSYNC, so that it is on disk
   * when the write returns; other content is flushed by `seal`. On failure or abort nothing is
   * left behind.
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
      staging.ensureThen((err) => {
        if (err !== null) {
          reject(err);
          return;
        }
        const abs = staging.pathOf(staging.newName('write'));
        fs.open(abs, flags ?? CREATE_FLAGS, 0o666, (openErr, fd) => {
          if (openErr !== null) {
            reject(openErr);
            return;
          }
          const file = new StagedFile(staging, abs, fd, fsync && flags === undefined);
          writeAllThen(fd, data, 0, 'writeSmall', signal, (writeErr) => {
            if (writeErr === null) resolve(file);
            else file.discard().then(() => reject(writeErr), reject);
          });
        });
      });
    });
  }

  /**
   * Gives the content its modification time (`ns` since the epoch) and, when the file was made
   * with `fsync` and its content not written durably, flushes both to disk. Durable content's
   * stamp is not flushed separately. Journaling file systems commit it no later than the rename that follows, and
   * where one is lost in a crash, the file keeps the time of its write: its etag differs from
   * the one the write returned, so an `ifMatch` with that etag fails rather than passes.
   */
  seal(ns: bigint): Promise<void> {
    const seconds = stampSeconds(ns);
    return new Promise((resolve, reject) => {
      fs.futimes(this.fd, seconds, seconds, (err) => {
        if (err !== null) reject(err);
        else if (!this.flushOnSeal) resolve();
        else fs.fsync(this.fd, settleVoid(resolve, reject));
      });
    });
  }

  /** Closes the descriptor, once; the file stays wherever it is by then. */
  close(): Promise<void> {
    this.closing ??= closeFd(this.fd);
    return this.closing;
  }

  /** Closes the descriptor and removes the file if it is still in the staging folder. */
  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    await this.staging.discard(this.abs);
  }
}
