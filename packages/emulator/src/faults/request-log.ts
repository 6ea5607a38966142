import type { FaultKind } from './fault-registry.js';

/** One request the emulator saw. */
export interface RequestRecord {
  method: string;
  /** The real host addressed (first path segment), or '' for the emulator's own index. */
  host: string;
  /** Raw path plus `?query` within the host. */
  path: string;
  /** The status sent, or 0 when the connection was dropped. */
  status: number;
  /** Wall-clock arrival time in ms since the epoch (real time, even when a test clock is set). */
  time: number;
  /** The injected fault that hit this request, if any. */
  fault?: FaultKind;
}

/** A bounded log of requests, oldest first. */
export class RequestLog {
  #records: RequestRecord[] = [];

  constructor(private readonly limit: number) {}

  /** Appends a record, forgetting the oldest beyond the limit. */
  add(record: RequestRecord): void {
    this.#records.push(record);
    if (this.#records.length > this.limit)
      this.#records.splice(0, this.#records.length - this.limit);
  }

  /** A copy of the records. */
  all(): RequestRecord[] {
    return this.#records.map((record) => ({ ...record }));
  }

  /** Forgets every record. */
  clear(): void {
    this.#records = [];
  }
}
