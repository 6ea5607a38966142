import fs from 'node:fs';
import { writeAllThen } from './file-io.js';
import { closeFd, settleVoid } from './fs-calls.js';
import type { Staging } from './staging.js';
import { stampSeconds } from './write-clock.js';

/*
 * Each write goes through here, so the file-system calls are chained with node:fs callbacks
 * under one promise per step: a promise per call, and an async function per helper, cost more
 * main-thread time than the calls themselves on a busy drive.
 */

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
  ) {}

  /**
   * Creates a staging file (after checking the staging folder) and writes `data` into it. On
   * failure or abort nothing is left behind.
   */
  static write(staging: Staging, data: Uint8Array, signal?: AbortSignal): Promise<StagedFile> {
    return new Promise((resolve, reject) => {
      staging.ensureThen((err) => {
        if (err !== null) {
          reject(err);
          return;
        }
        const abs = staging.pathOf(staging.newName('write'));
        fs.open(abs, 'wx', 0o666, (openErr, fd) => {
          if (openErr !== null) {
            reject(openErr);
            return;
          }
          const file = new StagedFile(staging, abs, fd);
          writeAllThen(fd, data, 0, 'writeSmall', signal, (writeErr) => {
            if (writeErr === null) resolve(file);
            else file.discard().then(() => reject(writeErr), reject);
          });
        });
      });
    });
  }

  /**
   * Gives the content its modification time (`ns` since the epoch) and, with `fsync`, flushes
   * both to disk. Stamping before the flush makes the stamp as durable as the content.
   */
  seal(ns: bigint, fsync: boolean): Promise<void> {
    const seconds = stampSeconds(ns);
    return new Promise((resolve, reject) => {
      fs.futimes(this.fd, seconds, seconds, (err) => {
        if (err !== null) reject(err);
        else if (!fsync) resolve();
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
