import { utimes } from 'node:fs/promises';

/** Smallest step between two stamps; coarser than the rounding of utimes' seconds argument. */
const STEP_NS = 1000n;

/**
 * Hands out strictly increasing modification times for written files. File systems take the
 * time from a coarse kernel clock, so two quick writes of the same size could otherwise carry
 * the same mtime and, with a recycled inode, the same etag.
 */
export class WriteClock {
  private last = 0n;

  /** A stamp later than the previous one and than `after` (an existing file's mtime), in ns. */
  next(after = 0n): bigint {
    const now = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
    let stamp = now > this.last ? now : this.last + STEP_NS;
    if (stamp <= after) stamp = after + STEP_NS;
    this.last = stamp;
    return stamp;
  }
}

/** Sets a file's access and modification times to `ns` nanoseconds since the epoch. */
export async function stampFile(path: string, ns: bigint): Promise<void> {
  const time = stampTime(ns);
  await utimes(path, time, time);
}

/**
 * A stamp in nanoseconds as the time `utimes` takes: seconds since the epoch, or for a stamp
 * before 1970 a Date (Node replaces negative seconds with the current time; it takes a Date as it
 * is, to the millisecond, which is all a caller's modifiedAt carries).
 */
export function stampTime(ns: bigint): number | Date {
  if (ns < 0n) return new Date(Number(ns / 1_000_000n));
  // libuv keeps whole microseconds of the seconds it is given, truncating: X / 1e6 often comes
  // back as X - 1 (about half of all stamps did), which shifted a given modifiedAt by 1 ms and
  // could make a stamp equal to the one it must follow. Half a microsecond more lands inside X
  // whichever way the division and libuv's multiplication round (whole microseconds up to
  // 2^53 and their halves fit a double exactly).
  return (Number(ns / 1000n) + 0.5) / 1e6;
}
