import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createDrive } from '@polydrive/core';
import { CallCounter } from '../lib/call-counter.mjs';
import { inPool } from '../lib/measure.mjs';
import { drain } from '../lib/source.mjs';

/** The raw baseline for a folder on disk: node:fs streams and calls on the same folder. */
class FsBaseline {
  label = 'node:fs streams';

  constructor(root) {
    this.root = root;
  }

  uploadLarge(path, source) {
    return pipeline(source, createWriteStream(this.#abs(path)));
  }

  downloadLarge(path) {
    return drain(createReadStream(this.#abs(path)));
  }

  uploadSmall(path, bytes) {
    return writeFile(this.#abs(path), bytes);
  }

  /** readdir, then a stat per child for the size and times a listing entry carries. */
  async list(folder) {
    const abs = this.#abs(folder);
    const entries = [];
    for (const dirent of await readdir(abs, { withFileTypes: true })) {
      const info = await stat(join(abs, dirent.name));
      entries.push({ name: dirent.name, size: info.size, modified: info.mtimeMs });
    }
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
