import { writeAll } from './file-io.js';
import { closeFd, flushFd, openFd, stampFd } from './fs-calls.js';
import type { Staging } from './staging.js';
import { stampSeconds } from './write-clock.js';

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
  static async write(
    staging: Staging,
    data: Uint8Array,
    signal?: AbortSignal,
  ): Promise<StagedFile> {
    await staging.ensure();
    const abs = staging.pathOf(staging.newName('write'));
    const file = new StagedFile(staging, abs, await openFd(abs, 'wx'));
    try {
      await writeAll(file.fd, data, 0, 'writeSmall', signal);
    } catch (err) {
      await file.discard();
      throw err;
    }
    return file;
  }

  /**
   * Gives the content its modification time (`ns` since the epoch) and, with `fsync`, flushes
   * both to disk. Stamping before the flush makes the stamp as durable as the content.
   */
  async seal(ns: bigint, fsync: boolean): Promise<void> {
    await stampFd(this.fd, stampSeconds(ns));
    if (fsync) await flushFd(this.fd);
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
