import { cancelledError, PolydriveError, sharedPerAccount } from '@polydrive/core';

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

/** Something that takes commits: a provider's lane into the batcher, or a reservation in it. */
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
  /** How the provider that queued it sends a batch (its own client: any serves the account). */
  readonly send: SendBatch;
  readonly resolve: (outcome: CommitOutcome) => void;
  readonly reject: (error: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

/** Dropbox takes at most 1000 entries in one finish_batch_v2. */
const MAX_ENTRIES = 1000;

/**
 * Serialises an account's upload commits: Dropbox takes a namespace-wide write lock for every
 * commit, so parallel commits collide (429 too_many_write_operations). Every provider instance of
 * the account in this process shares one (see `sharedCommitBatcher`), each through its own
 * `lane`, and at most one commit request of the account is in flight: a lone write commits
 * directly (files/upload, through `commitAlone`) when nothing else is queued, in flight or
 * reserved; otherwise commits of closed upload sessions gather into one finish_batch_v2, which
 * takes the lock once for all. A batch goes as soon as the slot is free and no reserved commit is
 * still uploading its bytes, or `windowMs` after its first commit at the latest. A commit whose
 * signal fires while it waits is dropped with Cancelled; once sent, it completes.
 */
export class CommitBatcher {
  #queue: Waiting[] = [];
  #inFlight: Promise<void> | undefined;
  #window: NodeJS.Timeout | undefined;
  /** The window of the queued commits is over: they go as soon as the slot is free. */
  #windowOver = false;
  #soon: NodeJS.Immediate | undefined;
  #uploading = 0;

  constructor(
    /** The longest a queued commit waits for reserved ones still uploading their bytes. */
    readonly windowMs: number,
  ) {}

  /** A provider's way in: its commits, and the batches they start, go out through `send`. */
  lane(send: SendBatch): CommitLane {
    return new CommitLane(this, send);
  }

  /** Queues a commit and resolves with its outcome once its batch is answered. */
  commit(
    entry: CommitEntry,
    signal: AbortSignal | undefined,
    send: SendBatch,
  ): Promise<CommitOutcome> {
    if (signal?.aborted) {
      // A reservation that ends here was given up: commits held back for it may go now.
      this.#schedule();
      return Promise.reject(cancelledError(signal, 'commit'));
    }
    return new Promise((resolve, reject) => {
      const waiting: Waiting = {
        entry,
        send,
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
  reserve(send: SendBatch): CommitReservation {
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
        return this.commit(entry, signal, send);
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

  /** Sends what is queued now, without waiting for reservations, unless a request is in flight. */
  sendQueued(): void {
    if (!this.#inFlight) this.#flush(true);
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
    const [{ send }] = batch as [Waiting, ...Waiting[]];
    this.#inFlight = send(batch.map((waiting) => waiting.entry)).then(
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

/**
 * One provider's way into its account's batcher: commits and reservations that go out through the
 * provider's own client, and `idle` for its `close`, which waits for its own commits only (the
 * account's other drives may keep writing).
 */
export class CommitLane implements CommitSink {
  readonly #pending = new Set<Promise<unknown>>();

  constructor(
    private readonly batcher: CommitBatcher,
    private readonly send: SendBatch,
  ) {}

  /** Queues a commit and resolves with its outcome once its batch is answered. */
  commit(entry: CommitEntry, signal?: AbortSignal): Promise<CommitOutcome> {
    return this.#track(this.batcher.commit(entry, signal, this.send));
  }

  /** Reserves a place in a coming batch for a commit whose bytes are about to be uploaded. */
  reserve(): CommitReservation {
    const reservation = this.batcher.reserve(this.send);
    return {
      commit: (entry, signal) => this.#track(reservation.commit(entry, signal)),
      commitAlone: (commit) => this.#track(reservation.commitAlone(commit)),
      cancel: () => reservation.cancel(),
    };
  }

  /**
   * Resolves once every commit made through this lane (queued, in a batch in flight, or sent
   * alone) has been answered. A write still sending its bytes is not waited for: its own promise
   * settles when it is done.
   */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) {
      this.batcher.sendQueued();
      await Promise.allSettled(this.#pending);
    }
  }

  #track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    const done = () => this.#pending.delete(work);
    work.then(done, done);
    return work;
  }
}

/**
 * The commit batcher of a Dropbox account, shared by every provider instance of that account in
 * this process (keyed by `accountKey`), so that two drives of one account do not collide on its
 * write lock. The first instance sets `windowMs`; later ones must ask for the same.
 */
export function sharedCommitBatcher(accountKey: string, windowMs: number): CommitBatcher {
  const batcher = sharedPerAccount(
    'dropbox-commits',
    accountKey,
    () => new CommitBatcher(windowMs),
  );
  if (batcher.windowMs !== windowMs) {
    throw new PolydriveError('InvalidArgument', {
      message: `Another drive of this Dropbox account batches commits with batchWindowMs ${batcher.windowMs}, not ${windowMs}.`,
      advice: 'Pass the same batchWindowMs for every drive of one account (or leave it unset).',
      provider: 'dropbox',
      operation: 'open',
    });
  }
  return batcher;
}
