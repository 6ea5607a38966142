import type { BigIntStats } from 'node:fs';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Hashes, HashKind } from '@polydrive/core';
import { createMultiHasher, hashBytes, throwIfAborted } from '@polydrive/core';

/** Bytes read at a time while hashing: memory stays at this, whatever the file size. */
const READ_SIZE = 1024 * 1024;

/** How many files' hashes are remembered, so that listing a folder twice hashes nothing twice. */
const CACHE_SIZE = 1000;

/**
 * Computes the configured hash kinds of files, streaming, and remembers the results by inode,
 * size, mtime and ctime: any write through any program changes at least one of them.
 */
export class FileHasher {
  private readonly cache = new Map<string, Hashes>();

  constructor(readonly kinds: readonly HashKind[]) {}

  /** The hashes of the file at `abs`, whose `lstat` is `st`. */
  async hashes(abs: string, st: BigIntStats, signal?: AbortSignal): Promise<Hashes> {
    const key = cacheKey(st);
    const known = this.cache.get(key);
    if (known !== undefined) {
      // Re-insert, so that the Map's insertion order is least recently used first.
      this.cache.delete(key);
      this.cache.set(key, known);
      return known;
    }
    const handle = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const opened = await handle.stat({ bigint: true });
      const hasher = createMultiHasher(this.kinds);
      const buffer = new Uint8Array(READ_SIZE);
      for (;;) {
        throwIfAborted(signal, 'hash');
        const { bytesRead } = await handle.read(buffer, 0, READ_SIZE, null);
        if (bytesRead === 0) break;
        hasher.update(buffer.subarray(0, bytesRead));
      }
      const hashes = hasher.digest();
      this.remember(cacheKey(opened), hashes);
      return hashes;
    } finally {
      await handle.close();
    }
  }

  /** The hashes of `content`, just written as the file whose `fstat` is `st`, remembered for it. */
  ofContent(st: BigIntStats, content: Uint8Array): Hashes {
    const hashes = hashBytes(this.kinds, content);
    this.remember(cacheKey(st), hashes);
    return hashes;
  }

  private remember(key: string, hashes: Hashes): void {
    this.cache.set(key, hashes);
    if (this.cache.size > CACHE_SIZE) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

function cacheKey(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}
