import { afterSettled, invoke } from './settle.js';

/** An in-process mutex per key: callers of `run` with the same key run one after another. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  /** How many keys are held or waited for now: a mutex keeps nothing for a key once it is free. */
  get size(): number {
    return this.tails.size;
  }

  /**
   * Runs `fn` once every earlier `run` with the same key has settled; at once when none is
   * pending, which is the common case (every local write takes its target's lock).
   */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous ? previous.then(() => done) : done;
    this.tails.set(key, tail);
    // `previous` never rejects: it settles when the earlier runs' `done` promises resolve.
    return afterSettled(previous ? previous.then(fn) : invoke(fn), () => {
      release();
      // Forget keys nobody waits on, so a long-lived store does not grow one entry per key.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
  }
}
