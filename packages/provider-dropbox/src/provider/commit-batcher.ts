import { cancelledError, PolydriveError } from '@polydrive/core';

/** One commit: a closed upload session and where its bytes go (a finish_batch_v2 entry). */
export interface CommitEntry {
  readonly cursor: { readonly session_id: string; readonly offset: number };
  readonly commit: Record<string, unknown>;
}

/** One entry of a batch's answer: the file, or the failure union. */
export type CommitOutcome =
  | { readonly ok: true; readonly metadata: Record<string, unknown> }
  | { readonly ok: false; readonly failure: unknown };

/** Sends one batch (finish_batch_v2) and answers per entry, in order. */
export type SendBatch = (entries: CommitEntry[]) => Promise<CommitOutcome[]>;

interface Waiting {
  readonly entry: CommitEntry;
  readonly resolve: (outcome: CommitOutcome) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/** Dropbox takes at most 1000 entries in one finish_batch_v2. */
const MAX_ENTRIES = 1000;

/**
 * Collects the commits of concurrent uploads for a few milliseconds and sends them as one
 * finish_batch_v2, with at most one batch in flight: Dropbox takes a namespace-wide write lock
 * for every commit, so parallel single commits collide (429 too_many_write_operations) where
 * one batch takes the lock once. Commits arriving while a batch is in flight wait for the next.
 * A commit whose signal fires while it waits is dropped with Cancelled; once sent, it completes.
 */
export class CommitBatcher {
  #queue: Waiting[] = [];
  #inFlight: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: SendBatch,
    private readonly windowMs: number,
  ) {}

  /** Queues a commit and resolves with its outcome once its batch is answered. */
  commit(entry: CommitEntry, signal?: AbortSignal): Promise<CommitOutcome> {
    if (signal?.aborted) return Promise.reject(cancelledError(signal, 'commit'));
    return new Promise((resolve, reject) => {
      const waiting: Waiting = {
        entry,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#queue = this.#queue.filter((item) => item !== waiting);
          reject(cancelledError(signal, 'commit'));
        },
      };
      signal?.addEventListener('abort', waiting.onAbort, { once: true });
      this.#queue.push(waiting);
      if (this.#queue.length >= MAX_ENTRIES) this.#flushSoon(0);
      else this.#flushSoon(this.windowMs);
    });
  }

  /** Resolves once every queued commit has been sent and answered. */
  async idle(): Promise<void> {
    while (this.#inFlight || this.#queue.length > 0) {
      if (!this.#inFlight) this.#flushSoon(0);
      await this.#inFlight;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #flushSoon(delayMs: number): void {
    if (this.#inFlight) return;
    if (this.#timer && delayMs > 0) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, delayMs);
  }

  #flush(): void {
    if (this.#inFlight || this.#queue.length === 0) return;
    const batch = this.#queue.slice(0, MAX_ENTRIES);
    this.#queue = this.#queue.slice(batch.length);
    for (const waiting of batch) waiting.signal?.removeEventListener('abort', waiting.onAbort);
    this.#inFlight = this.send(batch.map((waiting) => waiting.entry))
      .then(
        (outcomes) => {
          batch.forEach((waiting, index) => {
            const outcome = outcomes[index];
            if (outcome) waiting.resolve(outcome);
            else {
              waiting.reject(
                new PolydriveError('Internal', {
                  message: 'Dropbox answered a commit batch with fewer entries than it was sent.',
                  provider: 'dropbox',
                  operation: 'commit',
                }),
              );
            }
          });
        },
        (error: unknown) => {
          for (const waiting of batch) waiting.reject(error);
        },
      )
      .finally(() => {
        this.#inFlight = undefined;
        if (this.#queue.length > 0) this.#flushSoon(0);
      });
  }
}
