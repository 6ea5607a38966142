/**
 * Regroups a byte source into chunks of `chunkSize` (the last may be shorter), copied once into
 * one reused buffer: what a careful client does to send fixed-size fragments. Each chunk is only
 * valid until the next one is asked for.
 */
export async function* fixedChunks(source, chunkSize) {
  const chunk = new Uint8Array(chunkSize);
  let filled = 0;
  for await (const piece of source) {
    let at = 0;
    while (at < piece.byteLength) {
      const take = Math.min(piece.byteLength - at, chunkSize - filled);
      chunk.set(piece.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === chunkSize) {
        yield chunk;
        filled = 0;
      }
    }
  }
  if (filled > 0) yield chunk.subarray(0, filled);
}

/**
 * A fetch body that hands over the bytes without a copy: given a typed array, undici copies it
 * first, which costs time and leaves a chunk-sized garbage buffer per request. Send it with a
 * Content-Length header and `duplex: 'half'`.
 */
export function bodyOf(bytes) {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Throws with the answer's text unless the response is a success. */
export async function expectOk(response, what) {
  if (response.ok) return;
  throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
}
