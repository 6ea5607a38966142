import { describe, expect, it } from 'vitest';
import {
  bodyForAttempt,
  byteLength,
  byteStream,
  STREAM_BODY_MIN_BYTES,
} from '../src/http/index.js';

async function read(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
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
    expect([...(await read(byteStream(a)))]).toEqual([1, 2]);
  });

  it('streams large bytes with a Content-Length, as a fresh half-duplex stream per attempt', async () => {
    const bytes = new Uint8Array(STREAM_BODY_MIN_BYTES).map((_, i) => i & 0xff);
    const headers = new Headers();
    const first = bodyForAttempt(bytes, headers);
    const second = bodyForAttempt(bytes, headers);
    expect(headers.get('content-length')).toBe(String(STREAM_BODY_MIN_BYTES));
    expect(first.duplex).toBe('half');
    expect(first.body).not.toBe(second.body);
    const firstRead = await read(first.body as ReadableStream<Uint8Array>);
    expect(firstRead).toHaveLength(STREAM_BODY_MIN_BYTES);
    expect([...firstRead.subarray(250, 260)]).toEqual([250, 251, 252, 253, 254, 255, 0, 1, 2, 3]);
    expect(await read(second.body as ReadableStream<Uint8Array>)).toHaveLength(
      STREAM_BODY_MIN_BYTES,
    );
  });

  it('streams large pieces without joining them', async () => {
    const half = new Uint8Array(STREAM_BODY_MIN_BYTES / 2).fill(7);
    const headers = new Headers();
    const attempt = bodyForAttempt([half, half], headers);
    expect(headers.get('content-length')).toBe(String(STREAM_BODY_MIN_BYTES));
    const seen: Uint8Array[] = [];
    for await (const piece of attempt.body as ReadableStream<Uint8Array>) seen.push(piece);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(half);
    expect(seen[1]).toBe(half);
  });

  it('sets the Content-Length of a streamed body on a plain header record, once', () => {
    const bytes = new Uint8Array(STREAM_BODY_MIN_BYTES);
    const headers: Record<string, string> = { 'Content-Length': '5', 'x-other': 'kept' };
    expect(bodyForAttempt(bytes, headers).duplex).toBe('half');
    expect(headers).toEqual({ 'x-other': 'kept', 'content-length': String(STREAM_BODY_MIN_BYTES) });
    const small: Record<string, string> = {};
    expect(bodyForAttempt(new Uint8Array(3), small).duplex).toBeUndefined();
    expect(small).toEqual({});
  });

  it('hands smaller bytes, whole or in pieces, to fetch as one array', () => {
    const headers = new Headers();
    const bytes = new Uint8Array([9, 8, 7]);
    expect(bodyForAttempt(bytes, headers)).toEqual({ body: bytes });
    const joined = bodyForAttempt([new Uint8Array([1, 2]), new Uint8Array([3])], headers);
    expect(joined.duplex).toBeUndefined();
    expect([...(joined.body as Uint8Array)]).toEqual([1, 2, 3]);
    expect(headers.has('content-length')).toBe(false);
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
