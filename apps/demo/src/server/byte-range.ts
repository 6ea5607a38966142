/** A byte range of a file: `length` bytes from `offset`. */
export interface ByteSpan {
  readonly offset: number;
  readonly length: number;
}

/**
 * Reads a `Range` header against a file of `size` bytes (RFC 9110 section 14). Returns the span
 * to send, `'unsatisfiable'` (answer 416), or undefined to send the whole file: no header, another
 * unit, several ranges, or a header that does not parse (which the RFC says to ignore).
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteSpan | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    const offset = Math.max(0, size - suffix);
    return { offset, length: size - offset };
  }
  const offset = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < offset) return undefined;
  if (offset >= size) return 'unsatisfiable';
  return { offset, length: Math.min(end, size - 1) - offset + 1 };
}
