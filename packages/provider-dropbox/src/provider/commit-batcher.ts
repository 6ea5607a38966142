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

/** Something that takes commits: the batcher itself, or a reservation in it. */
export interface CommitSink {
  commit(entry: CommitEntry, signal?: AbortSignal): Promise<CommitOutcome>;
}

/** A place in a coming batch, held while the session's bytes are uploaded. */
export interface CommitReservation extends CommitSink {
  /**
   * Runs `commit` (a write that commits by itself, such as files/upload) in the batch's stead,
   * holding the slot until it settles, when this is the only commit in sight once the current
   * turn is over: nothing queued, in flight or reserved by another write; resolves with its
   * `value` then. Resolves with undefined otherwise, the place still held: upload the bytes to a
   * session and `commit` then.
   */
  commitAlone<T>(commit: () => Promise<T>): Promise<{ readonly value: T } | undefined>;
  /** Gives the place up (the upload failed), so that the batch does not wait for it. */
  cancel(): void;
}

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
 * Serialises this provider's upload commits: Dropbox takes a namespace-wide write lock for every
 * commit, so parallel commits collide (429 too_many_write_operations). At most one commit request
 * is in flight: a lone write commits directly (files/upload, through `commitAlone`) when nothing
 * else is queued, in flight or reserved; otherwise commits of closed upload sessions gather into
 * one finish_batch_v2, which takes the lock once for all. A batch goes as soon as the slot is free
 * and no reserved commit is still uploading its bytes, or `windowMs` after its first commit at the
 * latest. A commit whose signal fires while it waits is dropped with Cancelled; once sent, it
 * completes.
 */
export class CommitBatcher implements CommitSink {
  #queue: Waiting[] = [];
  #inFlight: Promise<void> | undefined;
  #window: NodeJS.Timeout | undefined;
  /** The window of the queued commits is over: they go as soon as the slot is free. */
  #windowOver = false;
  #soon: NodeJS.Immediate | undefined;
  #uploading = 0;

  constructor(
    private readonly send: SendBatch,
    private readonly windowMs: number,
  ) {}

  /** Queues a commit and resolves with its outcome once its batch is answered. */
  commit(entry: CommitEntry, signal?: AbortSignal): Promise<CommitOutcome> {
    if (signal?.aborted) {
      // A reservation that ends here was given up: commits held back for it may go now.
      this.#schedule();
      return Promise.reject(cancelledError(signal, 'commit'));
    }
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
      this.#schedule();
    });
  }

  /** Reserves a place in a coming batch for a commit whose bytes are about to be uploaded. */
  reserve(): CommitReservation {
    this.#uploading++;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.#uploading--;
    };
    return {
      commit: (entry, signal) => {
        release();
        return this.commit(entry, signal);
      },
      // Decided after the turn: writers resumed together (by one batch's answer) all reserve in
      // it, and then all go into the next batch, instead of one going alone and leaving the rest
      // to a batch behind it, a batch apart from the others ever after.
      commitAlone: (commit) =>
        new Promise((resolve) => setImmediate(resolve)).then(() => {
          if (!held || this.#uploading > 1 || this.#queue.length > 0 || this.#inFlight) {
            return undefined;
          }
          release();
          return this.#direct(commit).then((value) => ({ value }));
        }),
      cancel: () => {
        release();
        this.#schedule();
      },
    };
  }

  /** Runs `commit` in the slot, which must be free, and holds the slot until it settles. */
  #direct<T>(commit: () => Promise<T>): Promise<T> {
    const running = commit();
    // Registered before the caller's own reaction: the slot is free by the time it resumes.
    this.#inFlight = running.then(
      () => this.#release(),
      () => this.#release(),
    );
    return running;
  }

  /** Resolves once every queued commit has been sent and answered. */
  async idle(): Promise<void> {
    while (this.#inFlight || this.#queue.length > 0) {
      if (!this.#inFlight) this.#flush(true);
      await this.#inFlight;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Sends soon once the slot is free, unless reserved commits are still uploading and the window
   * of the queued ones (opened by the first of them, busy slot or not) is not over yet.
   */
  #schedule(): void {
    if (this.#queue.length === 0) return;
    if (!this.#windowOver) this.#window ??= setTimeout(() => this.#windowEnds(), this.windowMs);
    if (this.#inFlight || this.#holdForUploads()) return;
    this.#sendSoon();
  }

  /** The queued commits waited long enough (if cancellations emptied the queue, none did). */
  #windowEnds(): void {
    this.#window = undefined;
    this.#windowOver = this.#queue.length > 0;
    this.#schedule();
  }

  /** Sends what is queued once the current turn is over, so that commits made in it go together. */
  #sendSoon(): void {
    if (this.#queue.length > 0) this.#soon ??= setImmediate(() => this.#flush(false));
  }

  /** Whether the queued commits should wait for reserved ones still uploading their bytes. */
  #holdForUploads(): boolean {
    return this.#uploading > 0 && this.#queue.length < MAX_ENTRIES && !this.#windowOver;
  }

  /**
   * Frees the slot once a commit request is answered; what queued meanwhile goes by the same rule
   * as ever, so that commits whose bytes are nearly up join the batch rather than the next one.
   */
  #release(): void {
    this.#inFlight = undefined;
    this.#schedule();
  }

  /**
   * Sends the queued commits (at most MAX_ENTRIES). Unless `force`d, it looks at the reservations
   * again first: writes that reserved after the send was scheduled (in the same turn, typically
   * the writers the previous batch's answer resumed) join this batch instead of the next one.
   */
  #flush(force: boolean): void {
    if (!force && this.#holdForUploads()) {
      this.#soon = undefined;
      return;
    }
    clearTimeout(this.#window);
    this.#window = undefined;
    this.#windowOver = false;
    if (this.#soon) clearImmediate(this.#soon);
    this.#soon = undefined;
    if (this.#inFlight || this.#queue.length === 0) return;
    const batch = this.#queue.slice(0, MAX_ENTRIES);
    this.#queue = this.#queue.slice(batch.length);
    for (const waiting of batch) waiting.signal?.removeEventListener('abort', waiting.onAbort);
    this.#inFlight = this.send(batch.map((waiting) => waiting.entry)).then(
      (outcomes) => {
        this.#release();
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
        this.#release();
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}
