import { statfs } from 'node:fs/promises';

/**
 * File systems (Linux statfs magic numbers) on which `fstat` and `close` of a regular file that
 * was never truncated only read or drop the kernel's in-memory state: they never wait for a disk,
 * a journal or a network. Left out on purpose: network and FUSE file systems (close may flush
 * or ask a server), and XFS and ZFS, whose close may start a transaction (freeing blocks
 * allocated ahead of the end of a file).
 */
const NEVER_WAIT: ReadonlySet<number> = new Set([
  0xef53, // ext2, ext3, ext4
  0x9123683e, // btrfs
  0x01021994, // tmpfs
  0xf2f52010, // f2fs
  0x794c7630, // overlayfs (its upper layer is one of these in practice; never a network one)
]);

/**
 * Whether the file system holding `folder` lets a staged file's descriptor be read and closed
 * on the main thread: each thread-pool round trip costs the main thread more (some 15-25 µs on a
 * virtual machine) than these two calls take. False wherever that is not known to be safe.
 */
export async function fdCallsNeverWait(folder: string): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  try {
    return NEVER_WAIT.has((await statfs(folder)).type);
  } catch {
    return false;
  }
}
