import { describe, expect, it } from 'vitest';
import { bodyForAttempt, byteLength, byteStream } from '../src/http/index.js';

async function read(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  for await (const piece of stream) out.push(...piece);
  return out;
}

describe('request bodies without copies', () => {
  it('streams pieces as given, skipping empty ones, and counts their length', async () => {
    const a = new Uint8Array([1, 2]);
    const pieces = [a, new Uint8Array(0), new Uint8Array([3])];
    expect(byteLength(pieces)).toBe(3);
    const seen: Uint8Array[] = [];
    for await (const piece of byteStream(pieces)) seen.push(piece);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(a);
    expect(await read(byteStream(a))).toEqual([1, 2]);
  });

  it('turns bytes into a fresh half-duplex stream with a Content-Length per attempt', async () => {
    const bytes = new Uint8Array([9, 8, 7]);
    const headers = new Headers();
    const first = bodyForAttempt(bytes, headers);
    const second = bodyForAttempt(bytes, headers);
    expect(headers.get('content-length')).toBe('3');
    expect(first.duplex).toBe('half');
    expect(first.body).not.toBe(second.body);
    expect(await read(first.body as ReadableStream<Uint8Array>)).toEqual([9, 8, 7]);
    expect(await read(second.body as ReadableStream<Uint8Array>)).toEqual([9, 8, 7]);
  });

  it('leaves other bodies alone', () => {
    const headers = new Headers();
    expect(bodyForAttempt(undefined, headers)).toEqual({});
    expect(bodyForAttempt('text', headers)).toEqual({ body: 'text' });
    const empty = new Uint8Array(0);
    expect(bodyForAttempt(empty, headers)).toEqual({ body: empty });
    expect(headers.has('content-length')).toBe(false);
    const stream = new ReadableStream();
    expect(bodyForAttempt(stream, headers)).toEqual({ body: stream, duplex: 'half' });
  });
});
