import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { expectCode, type SuiteContext } from '../context.js';
import { patternBytes, piecesOf, sha256, smallChunkSize } from '../fixtures.js';

/** Writing every kind of source and reading it back. */
export function writeReadScenarios({ drive, p }: SuiteContext): void {
  describe('write and read', () => {
    it('writes a string and reads it back as text', async () => {
      const entry = await drive().write(p('hello.txt'), 'hello, world');
      expect(entry.kind).toBe('file');
      expect(entry.name).toBe('hello.txt');
      expect(entry.size).toBe(12);
      expect(await drive().readText(p('hello.txt'))).toBe('hello, world');
    });

    it('writes bytes with every byte value intact', async () => {
      const bytes = new Uint8Array(512).map((_, i) => i % 256);
      await drive().write(p('bytes.bin'), bytes);
      expect(await drive().readBytes(p('bytes.bin'))).toEqual(bytes);
    });

    it('writes multi-byte UTF-8 text', async () => {
      const text = 'Grüße, 世界, 🚀';
      const entry = await drive().write(p('utf8.txt'), text);
      expect(entry.size).toBe(Buffer.byteLength(text));
      expect(await drive().readText(p('utf8.txt'))).toBe(text);
    });

    it('writes from a Node Readable', async () => {
      const data = patternBytes(100_000, 2);
      await drive().write(
        p('node.bin'),
        Readable.from([data.subarray(0, 40_000), data.subarray(40_000)]),
      );
      expect(sha256(await drive().readBytes(p('node.bin')))).toBe(sha256(data));
    });

    it('writes from a Web ReadableStream', async () => {
      const data = patternBytes(70_000, 3);
      const stream = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(data.subarray(0, 1000));
          c.enqueue(data.subarray(1000));
          c.close();
        },
      });
      await drive().write(p('web.bin'), stream);
      expect(sha256(await drive().readBytes(p('web.bin')))).toBe(sha256(data));
    });

    it('writes a Blob', async () => {
      await drive().write(p('blob.txt'), new Blob(['a', 'b', 'c']));
      expect(await drive().readText(p('blob.txt'))).toBe('abc');
    });

    it('writes an async iterable of unknown length', async () => {
      const data = patternBytes(50_000, 4);
      const entry = await drive().write(p('iter.bin'), piecesOf(data, 7_000));
      expect(entry.size).toBe(data.byteLength);
      expect(sha256(await drive().readBytes(p('iter.bin')))).toBe(sha256(data));
    });

    it('writes an empty file', async () => {
      const entry = await drive().write(p('empty.txt'), '');
      expect(entry.size).toBe(0);
      expect((await drive().stat(p('empty.txt'))).kind).toBe('file');
      expect(await drive().readBytes(p('empty.txt'))).toEqual(new Uint8Array(0));
    });

    it('writes an empty stream of unknown length', async () => {
      const entry = await drive().write(p('empty-stream.bin'), piecesOf(new Uint8Array(0), 10));
      expect(entry.size).toBe(0);
      expect(await drive().readBytes(p('empty-stream.bin'))).toEqual(new Uint8Array(0));
    });

    it('writes a multi-chunk file through a session, verified by hash', async () => {
      const chunk = smallChunkSize(drive());
      const data = patternBytes(chunk * 3 + 1234, 5);
      const seen: number[] = [];
      const entry = await drive().write(p('multi.bin'), piecesOf(data, 10_000), {
        size: data.byteLength,
        mode: drive().capabilities.uploadSession ? 'session' : 'auto',
        chunkSize: chunk,
        onProgress: (pr) => seen.push(pr.bytes),
      });
      expect(entry.size).toBe(data.byteLength);
      if (drive().capabilities.uploadSession) expect(seen.length).toBe(4);
      expect(sha256(await drive().readBytes(p('multi.bin')))).toBe(sha256(data));
    });

    it('uploads a file larger than one simple request in auto mode', async () => {
      const caps = drive().capabilities;
      const chunk = smallChunkSize(drive(), 256 * 1024);
      const data = patternBytes(caps.simpleUploadMaxSize + chunk + 77, 6);
      if (!caps.uploadSession) {
        await expectCode(drive().write(p('big.bin'), data), 'InvalidArgument');
        return;
      }
      const entry = await drive().write(p('big.bin'), data, { chunkSize: chunk });
      expect(entry.size).toBe(data.byteLength);
      expect(sha256(await drive().readBytes(p('big.bin')))).toBe(sha256(data));
    });

    it('streams a large source of unknown length, or asks for its size', async () => {
      const caps = drive().capabilities;
      const data = patternBytes(caps.simpleUploadMaxSize + 4096, 7);
      const write = drive().write(p('unknown.bin'), piecesOf(data, 64 * 1024), {
        chunkSize: smallChunkSize(drive(), 256 * 1024),
      });
      if (caps.uploadSession && caps.uploadUnknownSize) {
        expect((await write).size).toBe(data.byteLength);
        expect(sha256(await drive().readBytes(p('unknown.bin')))).toBe(sha256(data));
      } else {
        const err = await expectCode(write, caps.uploadSession ? 'Unsupported' : 'InvalidArgument');
        expect(err.message).toMatch(/size/);
        expect(await drive().exists(p('unknown.bin'))).toBe(false);
      }
    });

    it('refuses a source whose length differs from the given size', async () => {
      await expectCode(
        drive().write(p('short.bin'), piecesOf(patternBytes(100), 10), { size: 200 }),
        'InvalidArgument',
      );
      expect(await drive().exists(p('short.bin'))).toBe(false);
    });

    it('creates missing parent folders when asked', async () => {
      await drive().write(p('a', 'b', 'c.txt'), 'deep', { createParents: true });
      expect((await drive().stat(p('a', 'b'))).kind).toBe('folder');
      expect(await drive().readText(p('a', 'b', 'c.txt'))).toBe('deep');
    });

    it('creates parents under an existing folder and needs none for a direct child', async () => {
      await drive().write(p('direct.txt'), 'x', { createParents: true });
      expect(await drive().readText(p('direct.txt'))).toBe('x');
    });

    it('fails with NotFound when the parent folder is missing', async () => {
      await expectCode(drive().write(p('missing', 'x.txt'), 'x'), 'NotFound');
    });

    it('reads a folder as a file -> NotAFile', async () => {
      await drive().mkdir(p('dir'));
      await expectCode(drive().readBytes(p('dir')), 'NotAFile');
    });

    it('reads a missing file -> NotFound', async () => {
      await expectCode(drive().readBytes(p('nope.txt')), 'NotFound');
    });

    it('writes by parent id and name', async () => {
      const folder = await drive().mkdir(p('by-id'));
      const entry = await drive().write({ parent: { id: folder.id }, name: 'x.txt' }, 'by id');
      expect(entry.name).toBe('x.txt');
      expect(await drive().readText(p('by-id', 'x.txt'))).toBe('by id');
      expect(await drive().readText({ id: entry.id })).toBe('by id');
    });

    it('reports the hashes it declares, matching the content', async () => {
      const data = patternBytes(3000, 8);
      const entry = await drive().write(p('hashed.bin'), data);
      const { hashBytes } = await import('@polydrive/core');
      for (const kind of drive().capabilities.hashes) {
        expect(entry.hashes[kind], `hash ${kind}`).toBe(hashBytes(kind, data));
      }
    });
  });
}
