import { createHash, type Hash } from 'node:crypto';

/** A file's bytes in the pieces they arrived in: a large upload is never copied into one Buffer. */
export interface StoredBytes {
  readonly chunks: readonly Buffer[];
  readonly size: number;
}

/** An incremental hash that can be copied halfway, so a tentative continuation costs nothing. */
export interface Digester {
  update(data: Uint8Array): unknown;
  copy(): Digester;
  /** The digest in the form the service prints; the digester cannot be fed afterwards. */
  digest(): string;
}

/** The digesters a service keeps for its files, by the name of the hash; some may be optional. */
export type Digesters = { readonly [name: string]: Digester | undefined };

/** The digests of some content, by the name of the hash (optional where the digester is). */
export type Digests<D extends Digesters> = { readonly [name in keyof D]: string };

const EMPTY: StoredBytes = { chunks: [], size: 0 };

/** Stored bytes holding one Buffer (none when it is empty). */
export function storedBytes(bytes: Buffer): StoredBytes {
  return bytes.length === 0 ? EMPTY : { chunks: [bytes], size: bytes.length };
}

/** The whole content as one Buffer (a copy when it is in several pieces). */
export function joinBytes(stored: StoredBytes): Buffer {
  const { chunks, size } = stored;
  if (chunks.length === 1) return chunks[0] as Buffer;
  return Buffer.concat(chunks as Buffer[], size);
}

/** The pieces holding bytes `start` to `end` inclusive, sharing memory with the content. */
export function sliceBytes(stored: StoredBytes, start: number, end: number): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  for (const chunk of stored.chunks) {
    const next = offset + chunk.length;
    if (next > start && offset <= end) {
      out.push(
        chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end + 1 - offset)),
      );
    }
    if (next > end) break;
    offset = next;
  }
  return out;
}

/** A Node hash (`md5`, `sha1`, `sha256`, ...) printed as lower-case hex. */
export function hexDigester(algorithm: string): Digester {
  return new HexDigester(createHash(algorithm));
}

class HexDigester implements Digester {
  constructor(private readonly hash: Hash) {}

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  copy(): Digester {
    return new HexDigester(this.hash.copy());
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Content being received: the pieces so far and their digests, fed as each piece arrives so that
 * no byte is copied or hashed twice. A request whose body may still fail works on a
 * {@link fork}, which the caller adopts once the body is complete and drops otherwise.
 */
export class ContentBuilder<D extends Digesters> {
  #chunks: Buffer[] = [];
  #size = 0;
  readonly #digesters: D;

  constructor(digesters: D) {
    this.#digesters = digesters;
  }

  /** Bytes received so far. */
  get size(): number {
    return this.#size;
  }

  /** Keeps the next piece (without copying it) and feeds it to every digester. */
  append(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#chunks.push(piece);
    this.#size += piece.length;
    for (const name in this.#digesters) this.#digesters[name]?.update(piece);
  }

  /** An independent builder with the same pieces and digest states. */
  fork(): ContentBuilder<D> {
    const digesters: Record<string, Digester> = {};
    for (const name in this.#digesters) {
      const digester = this.#digesters[name];
      if (digester) digesters[name] = digester.copy();
    }
    const twin = new ContentBuilder(digesters as D);
    twin.#chunks = this.#chunks.slice();
    twin.#size = this.#size;
    return twin;
  }

  /** The digests of what was received so far; the builder stays open. */
  peek(): Digests<D> {
    return this.fork().finish().digests;
  }

  /** The bytes and their digests; the builder cannot be fed afterwards. */
  finish(): { bytes: StoredBytes; digests: Digests<D> } {
    const digests: Record<string, string> = {};
    for (const name in this.#digesters) {
      const digester = this.#digesters[name];
      if (digester) digests[name] = digester.digest();
    }
    return { bytes: { chunks: this.#chunks, size: this.#size }, digests: digests as Digests<D> };
  }
}

/** The part of a request body to keep: from and to byte offsets into the body (end exclusive). */
export interface BodyWindow {
  readonly from: number;
  readonly to: number;
}

/**
 * A request body received on top of some content. While the body arrives, its pieces are
 * appended to a fork of that content, so they are hashed at once; {@link onto} then gives the
 * content with the body appended. When the content changed meanwhile (another request added to
 * it), the kept pieces are appended to a fork of the new content instead. A `window` chooses,
 * from the size of the content the body goes onto, which of its bytes to keep.
 */
export class BodyReceiver<D extends Digesters> {
  readonly #pieces: Buffer[] = [];
  readonly #fork: ContentBuilder<D> | undefined;
  readonly #feed: ((piece: Buffer) => void) | undefined;
  #size = 0;

  constructor(
    /** The content the body will most likely go onto; undefined when it is not known yet. */
    private readonly base: ContentBuilder<D> | undefined,
    private readonly window?: (size: number) => BodyWindow,
  ) {
    this.#fork = base?.fork();
    this.#feed = this.#fork ? this.#feeder(this.#fork) : undefined;
  }

  /** Bytes of the body received so far. */
  get size(): number {
    return this.#size;
  }

  /** Takes the next piece of the body. */
  take(piece: Buffer): void {
    this.#pieces.push(piece);
    this.#size += piece.length;
    this.#feed?.(piece);
  }

  /** `content` with the body appended; `content` itself is left as it was. */
  onto(content: ContentBuilder<D>): ContentBuilder<D> {
    if (content === this.base && this.#fork) return this.#fork;
    const fork = content.fork();
    const feed = this.#feeder(fork);
    for (const piece of this.#pieces) feed(piece);
    return fork;
  }

  /** Appends to `content` the bytes of the body that fall in the window, however it is split. */
  #feeder(content: ContentBuilder<D>): (piece: Buffer) => void {
    if (!this.window) return (piece) => content.append(piece);
    const { from, to } = this.window(content.size);
    let at = 0;
    return (piece) => {
      const end = at + piece.length;
      const start = Math.max(at, from);
      const stop = Math.min(end, to);
      if (stop > start) content.append(piece.subarray(start - at, stop - at));
      at = end;
    };
  }
}
