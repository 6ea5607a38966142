import { badRequest } from './errors.js';

/** One part of a `multipart/related` body. */
export interface BodyPart {
  /** Lower-cased header names. */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * Splits a `multipart/related` body (RFC 2387) on its boundary. Google's own clients write CRLF
 * line ends, lower-case part headers and a closing `--boundary--`; bare LF is accepted too.
 */
export function parseMultipart(contentType: string | undefined, body: Buffer): BodyPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!contentType?.toLowerCase().startsWith('multipart/') || !match) {
    throw badRequest('A multipart upload needs Content-Type: multipart/related; boundary=...');
  }
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
  const parts: BodyPart[] = [];
  let at = body.indexOf(delimiter);
  if (at === -1) throw badRequest('The multipart body does not contain its boundary.');
  for (;;) {
    let start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') return parts;
    start = skipLineEnd(body, start);
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw badRequest('The multipart body is not terminated by its boundary.');
    parts.push(parsePart(body.subarray(start, trimLineEnd(body, next))));
    at = next;
  }
}

function parsePart(raw: Buffer): BodyPart {
  let split = raw.indexOf('\r\n\r\n');
  let gap = 4;
  if (split === -1) {
    split = raw.indexOf('\n\n');
    gap = 2;
  }
  if (split === -1) throw badRequest('A multipart part has no blank line after its headers.');
  const headers: Record<string, string> = {};
  for (const line of raw.subarray(0, split).toString('utf8').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: raw.subarray(split + gap) };
}

function skipLineEnd(body: Buffer, at: number): number {
  if (body[at] === 0x0d && body[at + 1] === 0x0a) return at + 2;
  if (body[at] === 0x0a) return at + 1;
  return at;
}

function trimLineEnd(body: Buffer, at: number): number {
  if (body[at - 2] === 0x0d && body[at - 1] === 0x0a) return at - 2;
  if (body[at - 1] === 0x0a) return at - 1;
  return at;
}
