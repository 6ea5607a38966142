import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** The streams a command writes to. */
export interface OutputStreams {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
}

/** A JSON array written element by element, so that a long listing is never held in memory. */
export interface JsonArrayWriter {
  push(value: unknown): void;
  end(): void;
}

/**
 * Where commands print: results on stdout (plain text, or JSON with `--json`), messages for the
 * person at the terminal on stderr, so that a pipe only ever receives results.
 */
export class Output {
  /** Print results as JSON. */
  readonly json: boolean;
  /** Draw progress bars (stderr is a terminal and they were not turned off). */
  readonly progress: boolean;
  /** A person is probably watching: stderr is a terminal. */
  readonly interactive: boolean;
  readonly stdout: Writable;
  readonly stderr: Writable;

  constructor(streams: OutputStreams, options: { json: boolean; progress: boolean }) {
    this.stdout = streams.stdout;
    this.stderr = streams.stderr;
    this.json = options.json;
    this.interactive = streams.stderr.isTTY === true;
    this.progress = options.progress && this.interactive && !options.json;
  }

  /** A line of results. */
  line(text: string): void {
    this.stdout.write(`${text}\n`);
  }

  /** A result as JSON, on one line. */
  value(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** A JSON array of results, one element per line. */
  array(): JsonArrayWriter {
    let count = 0;
    return {
      push: (value) => {
        this.stdout.write(`${count === 0 ? '[' : ','}\n${JSON.stringify(value)}`);
        count++;
      },
      end: () => {
        this.stdout.write(count === 0 ? '[]\n' : '\n]\n');
      },
    };
  }

  /** A message for the user (progress notes, what was done, what to do), on stderr. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** Raw bytes on stdout, waiting while the reader is slower than the source. */
  async bytes(chunk: Uint8Array): Promise<void> {
    if (!this.stdout.write(chunk)) await once(this.stdout, 'drain');
  }
}
