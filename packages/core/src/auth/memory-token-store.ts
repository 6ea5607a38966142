import { KeyedMutex } from '../concurrency/keyed-mutex.js';
import type { TokenStore } from './token-store.js';

/** A TokenStore held in memory, for tests and short-lived processes. `withLock` is per process. */
export class MemoryTokenStore implements TokenStore {
  private readonly values = new Map<string, string>();
  private readonly locks = new KeyedMutex();

  /** Starts with the given entries, if any. */
  constructor(entries?: Iterable<readonly [string, string]>) {
    if (entries) for (const [key, value] of entries) this.values.set(key, value);
  }

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(key, fn);
  }
}
