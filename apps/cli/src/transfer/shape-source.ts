import { setTimeout as sleep } from 'node:timers/promises';
import { cancelledError } from '@polydrive/core';

/** How to pass bytes on: at most `bytesPerSecond`, reporting the running count. */
export interface Shaping {
  /** Bandwidth limit (`--bwlimit`); none when absent. */
  readonly bytesPerSecond?: number;
  /** Called with the bytes passed on so far, from this source's start. */
  readonly onBytes?: (bytes: number) => void;
  readonly signal: AbortSignal;
}

// Pieces small enough that a limit is kept smoothly and Ctrl-C is felt at once.
const SLICE = 64 * 1024;

/**
 * Passes a byte stream on, counting it for the progress bar and, with a limit, pausing so that
 * the average rate stays at or under it.
 */
export async function* shapeSource(
  source: AsyncIterable<Uint8Array>,
  shaping: Shaping,
): AsyncGenerator<Uint8Array> {
  const { bytesPerSecond, onBytes, signal } = shaping;
  const started = Date.now();
  let passed = 0;
  for await (const chunk of source) {
    if (!bytesPerSecond) {
      passed += chunk.byteLength;
      onBytes?.(passed);
      yield chunk;
      continue;
    }
    for (let at = 0; at < chunk.byteLength; at += SLICE) {
      const slice = chunk.subarray(at, at + SLICE);
      const due = started + ((passed + slice.byteLength) / bytesPerSecond) * 1000;
      const wait = due - Date.now();
      if (wait > 0) {
        try {
          await sleep(wait, undefined, { signal });
        } catch {
          throw cancelledError(signal, 'transfer');
        }
      }
      passed += slice.byteLength;
      onBytes?.(passed);
      yield slice;
    }
  }
}
