import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8's full collection, also when node was started without --expose-gc (as `npm run bench` is):
 * the flag can be set at run time and the function taken from a fresh context.
 */
const gc =
  globalThis.gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc');
  })();

/** Collects garbage twice and lets freed external buffers go, so RSS reflects live memory. */
export async function settle() {
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

/** The process's resident set in bytes. */
export function rss() {
  return process.memoryUsage.rss();
}

/**
 * Tracks the highest RSS of this process during a measurement: samples every few milliseconds,
 * and on Linux also reads the kernel's high-water mark (reset at start through clear_refs), which
 * catches peaks between samples or while the event loop is busy.
 */
export class PeakRss {
  #peak = 0;
  #timer;
  #kernel = resetHighWaterMark();

  constructor(intervalMs = 10) {
    this.#peak = rss();
    this.#timer = setInterval(() => {
      this.#peak = Math.max(this.#peak, rss());
    }, intervalMs);
  }

  /** Stops sampling and returns the peak in bytes. */
  stop() {
    clearInterval(this.#timer);
    const sampled = Math.max(this.#peak, rss());
    return this.#kernel ? Math.max(sampled, highWaterMark() ?? 0) : sampled;
  }
}

function resetHighWaterMark() {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return highWaterMark() !== undefined;
  } catch {
    return false;
  }
}

function highWaterMark() {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kib === undefined ? undefined : Number(kib) * 1024;
  } catch {
    return undefined;
  }
}
