import type { BigIntStats } from 'node:fs';
import { type Child, visibleChildren } from './children.js';

/** Limits of a ChildrenCache; the defaults suit a server listing a few large folders at once. */
export interface ChildrenCacheLimits {
  /** Folders remembered at most; the least recently used is dropped first. */
  readonly folders: number;
  /** Names remembered at most, over all folders; a larger folder is never remembered. */
  readonly names: number;
  /** A snapshot older than this is read again, whatever the folder's times say. */
  readonly maxAgeMs: number;
  /**
   * A folder changed this recently when it was read is not remembered: a file system stamps
   * changes with a coarse clock (one tick up to 2 s on some), so a change made later in the same
   * tick would leave the folder's times as they were and go unnoticed.
   */
  readonly settleMs: number;
  /**
   * The settle time for a folder whose change time has a part below the millisecond: such a file
   * system keeps fine times, stamped from a clock that ticks every few milliseconds (a kernel
   * tick, at most 10 ms on Linux; about 16 ms on Windows), so a change in the same tick is one
   * made within that much of the read.
   */
  readonly fineSettleMs: number;
}

const DEFAULT_LIMITS: ChildrenCacheLimits = {
  folders: 16,
  names: 200_000,
  maxAgeMs: 30_000,
  settleMs: 2_000,
  fineSettleMs: 100,
};

interface Snapshot {
  readonly version: string;
  readonly children: readonly Child[];
  readonly readAt: number;
}

/**
 * Remembers the sorted children of recently listed folders, so that paging through a folder
 * reads and sorts it once instead of once per page. Only the pages after the first use a
 * snapshot, and only while the folder's inode, mtime and ctime are unchanged: adding, removing
 * or renaming a child changes them, so a page never misses a change that a fresh read would
 * see. The age limit bounds what a file system that fails to update a folder's times could hide.
 */
export class ChildrenCache {
  private readonly snapshots = new Map<string, Snapshot>();
  private names = 0;

  constructor(
    private readonly limits: ChildrenCacheLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The visible children of the folder at `abs`, sorted by name. `st` is the folder's `lstat`,
   * taken before this call; `continuing` is true for the pages after the first of a listing.
   */
  async children(
    abs: string,
    isRoot: boolean,
    st: BigIntStats,
    continuing: boolean,
  ): Promise<readonly Child[]> {
    const version = versionOf(st);
    const now = this.now();
    const known = this.snapshots.get(abs);
    if (known !== undefined) {
      this.forget(abs, known);
      if (continuing && known.version === version && now - known.readAt <= this.limits.maxAgeMs) {
        this.remember(abs, known);
        return known.children;
      }
    }
    const children = await visibleChildren(abs, isRoot);
    const changedAt = Number(st.ctimeNs / 1_000_000n);
    const settle = st.ctimeNs % 1_000_000n === 0n ? this.limits.settleMs : this.limits.fineSettleMs;
    if (now - changedAt >= settle && children.length <= this.limits.names) {
      this.remember(abs, { version, children, readAt: now });
    }
    return children;
  }

  private remember(abs: string, snapshot: Snapshot): void {
    // Another listing of the same folder may have remembered it while this one read the disk.
    const replaced = this.snapshots.get(abs);
    if (replaced !== undefined) this.forget(abs, replaced);
    this.snapshots.set(abs, snapshot);
    this.names += snapshot.children.length;
    for (const [key, oldest] of this.snapshots) {
      if (this.snapshots.size <= this.limits.folders && this.names <= this.limits.names) break;
      this.forget(key, oldest);
    }
  }

  private forget(abs: string, snapshot: Snapshot): void {
    this.snapshots.delete(abs);
    this.names -= snapshot.children.length;
  }
}

/** What changes whenever a folder's list of children does (mtime and ctime to the nanosecond). */
function versionOf(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
}
