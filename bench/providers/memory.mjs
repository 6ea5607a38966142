import { createDrive } from '@polydrive/core';
import { CallCounter } from '../lib/call-counter.mjs';
import { inPool } from '../lib/measure.mjs';

/**
 * The raw in-memory baseline: byte arrays in Maps, one per folder. What Polydrive adds on top is
 * the facade, the layers and the provider's bookkeeping.
 */
class MapBaseline {
  label = 'Map of byte arrays';
  #folders = new Map();

  async uploadLarge(path, source) {
    const parts = [];
    for await (const piece of source) parts.push(piece.slice());
    this.#put(path, parts);
  }

  async downloadLarge(path) {
    let bytes = 0;
    for (const part of this.#get(path)) bytes += part.byteLength;
    return bytes;
  }

  async uploadSmall(path, bytes) {
    this.#put(path, [bytes.slice()]);
  }

  async list(folder) {
    const children = this.#folders.get(folder) ?? new Map();
    const names = [...children.keys()].sort();
    const entries = names.map((name) => ({
      name,
      size: children.get(name).reduce((sum, part) => sum + part.byteLength, 0),
    }));
    return entries.length;
  }

  async mkdir(path) {
    this.#folders.set(path, new Map());
  }

  async remove(path) {
    if (this.#folders.delete(path)) return;
    const at = path.lastIndexOf('/');
    this.#folders.get(path.slice(0, at) || '/')?.delete(path.slice(at + 1));
  }

  #put(path, parts) {
    const at = path.lastIndexOf('/');
    const folder = path.slice(0, at) || '/';
    if (!this.#folders.has(folder)) this.#folders.set(folder, new Map());
    this.#folders.get(folder).set(path.slice(at + 1), parts);
  }

  #get(path) {
    const at = path.lastIndexOf('/');
    const parts = this.#folders.get(path.slice(0, at) || '/')?.get(path.slice(at + 1));
    if (!parts) throw new Error(`The baseline holds no ${path}.`);
    return parts;
  }
}

/** `memory:`: files live in the bench process itself. */
export const memoryBench = {
  name: 'memory',
  async open() {
    const counter = new CallCounter();
    const drive = await createDrive('memory:', { extraLayers: [counter.layer] });
    const baseline = new MapBaseline();
    return {
      name: 'memory',
      drive,
      meter: counter,
      baseline,
      // The baseline is bare memory copies, so the ratio is the facade's whole cost over them
      // rather than a target; and the files live in this process, so RSS grows with them.
      targets: false,
      note: 'in-process: the baseline is a Map of byte arrays (no targets); the files live in the bench process, so its RSS grows with them',
      async fill(folder, count) {
        await drive.mkdir(folder);
        await baseline.mkdir(folder);
        await inPool(count, 8, async (i) => {
          const name = `e${String(i).padStart(6, '0')}.txt`;
          await drive.write(`${folder}/${name}`, '');
          await baseline.uploadSmall(`${folder}/${name}`, new Uint8Array(0));
        });
        return async () => {
          await drive.delete(folder, { recursive: true });
          await baseline.remove(folder);
        };
      },
      close: () => drive.close(),
    };
  },
};
