import { constants, createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDrive } from '@polydrive/core';
import { STAGING_FOLDER } from '@polydrive/provider-local';
import { CallCounter } from '../lib/call-counter.mjs';
import { inPool } from '../lib/measure.mjs';
import { drain } from '../lib/source.mjs';

const MIB = 1024 * 1024;

/** A new file whose writes return once on disk; undefined without O_DSYNC (Windows). */
const DURABLE_FLAGS =
  constants.O_DSYNC === undefined
    ? undefined
    : constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_DSYNC;

/**
 * The raw baseline for a folder on disk, with the guarantees the provider gives by default: a
 * write goes to a temporary file that is flushed (fsync, or O_DSYNC for small files, as the
 * provider does) and renamed into place, so a crash or power cut never leaves a partial file.
 * Comparing against plain writeFile would measure the flush, not Polydrive.
 *
 * Its temporary files are made in the provider's staging folder, where the provider makes its
 * own. A new file's inode and blocks are placed near the folder it is created in, and on this
 * machine's virtual disk placement alone made the same code run up to twice as fast or as slow
 * for a whole run: with temp files beside their targets, which side won depended on where each
 * side's files landed. Created in one folder, both sides' files land alike, and the ratio is
 * about the code. It also moves its files across folders with its renames, as the provider does.
 */
class FsBaseline {
  label =
    'node:fs, temp file + flush (O_DSYNC for small files) + rename, temps made where the provider makes its own';
  #temps = 0;

  constructor(root) {
    this.root = root;
    this.staging = join(root, STAGING_FOLDER);
  }

  async uploadLarge(path, source) {
    const temp = await this.#temp();
    await pipeline(source, createWriteStream(temp));
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.#abs(path));
  }

  downloadLarge(path) {
    return drain(createReadStream(this.#abs(path)));
  }

  /** As the provider does: content of one write call is written with O_DSYNC, no fsync after. */
  async uploadSmall(path, bytes) {
    const temp = await this.#temp();
    const durable = DURABLE_FLAGS !== undefined && bytes.byteLength > 0 && bytes.byteLength <= MIB;
    const handle = await open(temp, durable ? DURABLE_FLAGS : 'w');
    try {
      await handle.writeFile(bytes);
      if (!durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.#abs(path));
  }

  /** readdir, then a stat per child (16 at a time) for the size and times an entry carries. */
  async list(folder) {
    const abs = this.#abs(folder);
    const dirents = await readdir(abs, { withFileTypes: true });
    const entries = new Array(dirents.length);
    await inPool(dirents.length, 16, async (i) => {
      const info = await stat(join(abs, dirents[i].name));
      entries[i] = { name: dirents[i].name, size: info.size, modified: info.mtimeMs };
    });
    return entries.length;
  }

  mkdir(path) {
    return mkdir(this.#abs(path));
  }

  remove(path) {
    return rm(this.#abs(path), { recursive: true });
  }

  #abs(path) {
    return join(this.root, path);
  }

  /** A new name in the staging folder (made first if missing, as the provider does). */
  async #temp() {
    if (this.#temps === 0) await mkdir(this.staging, { recursive: true });
    this.#temps += 1;
    return join(this.staging, `baseline-${this.#temps}`);
  }
}

/** `local:///...`: a temporary folder on this machine's disk. */
export const localBench = {
  name: 'local',
  async open() {
    const root = await mkdtemp(join(tmpdir(), 'polydrive-bench-'));
    const counter = new CallCounter();
    const drive = await createDrive(`local://${root}`, { extraLayers: [counter.layer] });
    return {
      name: 'local',
      drive,
      meter: counter,
      baseline: new FsBaseline(root),
      async fill(folder, count) {
        await mkdir(join(root, folder));
        await inPool(count, 16, (i) =>
          writeFile(join(root, folder, `e${String(i).padStart(6, '0')}.txt`), ''),
        );
        return () => rm(join(root, folder), { recursive: true });
      },
      async close() {
        await drive.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  },
};
