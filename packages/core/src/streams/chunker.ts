/** One piece of a rechunked stream; `final` is true on the last piece (which may be empty). */
export interface SizedChunk {
  readonly bytes: Uint8Array;
  readonly final: boolean;
}

/** Options of {@link rechunk}. */
export interface RechunkOptions {
  /**
   * Assemble every copied chunk in one buffer, rewritten once the next chunk is asked for. A
   * consumer that is done with each chunk before asking for the next (an upload that sends it and
   * waits for the answer) saves a chunk-sized allocation per chunk, and the collector's work with
   * it. Default false: every chunk handed out stays as it is.
   */
  readonly reuseBuffer?: boolean;
}

/**
 * Regroups a byte stream into chunks of exactly `chunkSize` bytes (the last one shorter), telling
 * which chunk is the last. A chunk that lies whole inside an incoming piece, starting where the
 * previous chunk ended, is handed out as a view of that piece without copying; the other chunks
 * are assembled in a buffer that (unless `reuseBuffer`) is never written again once handed out.
 * So the source must not change a piece after yielding it (no Node or Web stream does). Memory
 * stays at about one chunk plus one incoming piece: a full chunk is held back only until the next
 * byte (or the end) shows whether it was the last. An empty source yields one empty final chunk.
 */
export async function* rechunk(
  source: AsyncIterable<Uint8Array>,
  chunkSize: number,
  options: RechunkOptions = {},
): AsyncGenerator<SizedChunk> {
  let buf: Uint8Array | undefined;
  let filled = 0;
  let pending: Uint8Array | undefined;
  /** The assembled buffer handed back once the consumer asks for the chunk after it. */
  let spare: Uint8Array | undefined;
  let pendingIsOwn = false;
  for await (const piece of source) {
    let pos = 0;
    while (pos < piece.byteLength) {
      if (pending) {
        yield { bytes: pending, final: false };
        if (options.reuseBuffer && pendingIsOwn) spare = pending;
        pending = undefined;
      }
      if (filled === 0 && piece.byteLength - pos >= chunkSize) {
        pending = piece.subarray(pos, pos + chunkSize);
        pendingIsOwn = false;
        pos += chunkSize;
        continue;
      }
      // Allocated only when needed, so that a stream of whole chunks never allocates one.
      if (!buf) {
        buf = spare ?? new Uint8Array(chunkSize);
        spare = undefined;
      }
      const n = Math.min(chunkSize - filled, piece.byteLength - pos);
      buf.set(piece.subarray(pos, pos + n), filled);
      filled += n;
      pos += n;
      if (filled === chunkSize) {
        // Held back until the next byte shows it is not the last; the consumer may keep it, so the
        // next chunk gets a fresh buffer unless `reuseBuffer` hands this one back once consumed.
        pending = buf;
        pendingIsOwn = true;
        buf = undefined;
        filled = 0;
      }
    }
  }
  if (pending && filled === 0) {
    yield { bytes: pending, final: true };
    return;
  }
  if (pending) yield { bytes: pending, final: false };
  yield { bytes: buf ? buf.subarray(0, filled) : new Uint8Array(0), final: true };
}

/**
 * Reads a whole source into one buffer, refusing to go past `limit` bytes: returns undefined
 * and the bytes read so far (at most `limit + 1`) as `head` when the source is longer.
 */
export async function readUpTo(
  source: AsyncIterator<Uint8Array>,
  limit: number,
): Promise<{ complete: boolean; head: Uint8Array }> {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total <= limit) {
    const next = await source.next();
    if (next.done) return { complete: true, head: concatBytes(parts, total) };
    parts.push(next.value);
    total += next.value.byteLength;
  }
  return { complete: false, head: concatBytes(parts, total) };
}

/** Concatenates byte arrays into one. */
export function concatBytes(parts: readonly Uint8Array[], total?: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(total ?? parts.reduce((n, p) => n + p.byteLength, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}

/** Yields `head` and then the rest of an iterator: puts back what `readUpTo` took. */
export async function* prepend(
  head: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (head.byteLength > 0) yield head;
  while (true) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}
