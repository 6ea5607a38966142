import { type StoredBytes, sliceBytes } from './content.js';
import type { EmulatorResponse } from './response.js';

/** Bytes `start` to `end` inclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** What a service does with `bytes=b-a` where b > a: ignore the header, or answer 416. */
export type InvertedRange = 'ignore' | 'unsatisfiable';

/**
 * One byte range (`a-b`, `a-`, `-n`), clamped to the size; `undefined` means "send it all" (no
 * header, several ranges, or a malformed one, which RFC 9110 says to ignore).
 */
export function parseByteRange(
  header: string | undefined,
  size: number,
  inverted: InvertedRange = 'ignore',
): ByteRange | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start)
    return inverted === 'ignore' ? undefined : 'unsatisfiable';
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** The Content-Range of a 416: the size only. */
export function unsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}

/**
 * 200 with the whole content, or 206 with the range's pieces and its Content-Range; the body
 * shares memory with the stored pieces. A HEAD answer carries the length and no body.
 */
export function contentResponse(
  stored: StoredBytes,
  range: ByteRange | undefined,
  headers: Record<string, string>,
  head = false,
): EmulatorResponse {
  const out = range
    ? { ...headers, 'content-range': `bytes ${range.start}-${range.end}/${stored.size}` }
    : headers;
  const status = range ? 206 : 200;
  if (head) {
    const length = range ? range.end - range.start + 1 : stored.size;
    return { status, headers: { ...out, 'content-length': String(length) } };
  }
  return {
    status,
    headers: out,
    body: range ? sliceBytes(stored, range.start, range.end) : stored.chunks,
  };
}
