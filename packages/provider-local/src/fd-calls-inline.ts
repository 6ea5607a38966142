import { statfs } from 'node:fs/promises';

/**
 * File systems (Linux statfs magic numbers) on which `fstat` of an open file only reads the
 * kernel's in-memory inode, and so does `close` of a small file that was never truncated and
 * still has a name (see INLINE_CLOSE_MAX_BYTES): neither waits for a disk, a journal or a network.
 * Left out on purpose: network and FUSE file systems (fstat may ask a server, close may flush),
 * XFS and ZFS, whose close may start a transaction (freeing blocks allocated ahead of the end of
 * a file), and overlayfs, which reports its own type whatever file system holds its files.
 */
const NEVER_WAIT: ReadonlySet<number> = new Set([
  0xef53, // ext2, ext3, ext4
  0x9123683e, // btrfs
  0x01021994, // tmpfs
  0xf2f52010, // f2fs
]);

/**
 * Largest file whose close may run inline. ext4 gives files above 16 blocks (its default
 * mb_stream_req: 64 KiB with the usual 4 KiB blocks) blocks reserved ahead of their end, which
 * their last close hands back, and that may read a block bitmap from disk. A file system made with
 * smaller blocks or a tuned mb_stream_req may do so for smaller files; the close then waits for
 * that read with the event loop.
 */
export const INLINE_CLOSE_MAX_BYTES = 64 * 1024;

/**
 * Whether the file system holding `folder` lets a staged file's descriptor be read (and, within
 * the limits above, closed) on the main thread: each thread-pool round trip costs the main thread
 * more (some 15-25 µs on a virtual machine) than these calls take. False wherever that is not
 * known to be safe.
 */
export async function fdCallsNeverWait(folder: string): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  try {
    return NEVER_WAIT.has((await statfs(folder)).type);
  } catch {
    return false;
  }
}
