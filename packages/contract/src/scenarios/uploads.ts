import type { UploadState } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { expectCode, type SuiteContext } from '../context.js';
import { collect, patternBytes, piecesOf, sha256, smallChunkSize } from '../fixtures.js';

/** Resumable uploads, aborts, progress and concurrency. */
export function uploadScenarios({ drive, p }: SuiteContext): void {
  describe('resumable uploads', () => {
    /** Starts a 4-chunk session upload and aborts it after two chunks, keeping the session. */
    async function interrupted(name: string, seed: number) {
      const chunk = smallChunkSize(drive());
      const data = patternBytes(chunk * 4 - 100, seed);
      const controller = new AbortController();
      let saved: UploadState | undefined;
      const write = drive().write(p(name), piecesOf(data, 8192), {
        size: data.byteLength,
        mode: 'session',
        chunkSize: chunk,
        keepSession: true,
        signal: controller.signal,
        onState: (s) => {
          saved = JSON.parse(JSON.stringify(s)) as UploadState;
        },
        onProgress: (pr) => {
          if (pr.bytes >= chunk * 2) controller.abort();
        },
      });
      return { write, data, chunk, state: () => saved as UploadState };
    }

    it('resumes an interrupted upload from its saved JSON state', async () => {
      if (!drive().capabilities.uploadSession) {
        await expectCode(drive().write(p('x'), 'x', { mode: 'session' }), 'Unsupported');
        return;
      }
      const run = await interrupted('resume.bin', 31);
      await expectCode(run.write, 'Cancelled');
      expect(await drive().exists(p('resume.bin'))).toBe(false);
      expect(run.state().offset).toBe(run.chunk * 2);
      const entry = await drive().resumeUpload(run.state(), run.data);
      expect(entry.size).toBe(run.data.byteLength);
      expect(sha256(await drive().readBytes(p('resume.bin')))).toBe(sha256(run.data));
    });

    it('resumes with only the rest of the source (sourceOffset)', async () => {
      if (!drive().capabilities.uploadSession) {
        await expectCode(drive().write(p('x'), 'x', { mode: 'session' }), 'Unsupported');
        return;
      }
      const run = await interrupted('rest.bin', 32);
      await expectCode(run.write, 'Cancelled');
      const offset = run.state().offset;
      await drive().resumeUpload(run.state(), run.data.subarray(offset), { sourceOffset: offset });
      expect(sha256(await drive().readBytes(p('rest.bin')))).toBe(sha256(run.data));
    });

    it('refuses to resume with a different source -> PreconditionFailed', async () => {
      if (!drive().capabilities.uploadSession) {
        await expectCode(drive().write(p('x'), 'x', { mode: 'session' }), 'Unsupported');
        return;
      }
      const run = await interrupted('changed.bin', 33);
      await expectCode(run.write, 'Cancelled');
      const other = patternBytes(run.data.byteLength, 99);
      await expectCode(drive().resumeUpload(run.state(), other), 'PreconditionFailed');
      expect(await drive().exists(p('changed.bin'))).toBe(false);
    });

    it('cancels a saved session with abortUpload', async () => {
      if (!drive().capabilities.uploadSession) {
        await expectCode(drive().write(p('x'), 'x', { mode: 'session' }), 'Unsupported');
        return;
      }
      const run = await interrupted('cancel.bin', 34);
      await expectCode(run.write, 'Cancelled');
      await drive().abortUpload(run.state());
      await expectCode(drive().resumeUpload(run.state(), run.data), 'NotFound');
      expect(await drive().exists(p('cancel.bin'))).toBe(false);
    });
  });

  describe('aborts and progress', () => {
    it('an aborted write leaves no partial file and keeps the old content', async () => {
      await drive().write(p('keep.bin'), 'old content');
      const chunk = smallChunkSize(drive());
      const data = patternBytes(chunk * 3, 41);
      const controller = new AbortController();
      const write = drive().write(p('keep.bin'), piecesOf(data, 4096), {
        chunkSize: chunk,
        size: data.byteLength,
        ...(drive().capabilities.uploadSession ? { mode: 'session' as const } : {}),
        signal: controller.signal,
        onProgress: (pr) => {
          if (pr.bytes > 0 && pr.bytes < data.byteLength) controller.abort();
        },
      });
      if (drive().capabilities.uploadSession) {
        await expectCode(write, 'Cancelled');
        expect(await drive().readText(p('keep.bin'))).toBe('old content');
      } else {
        await write;
        expect(await drive().readBytes(p('keep.bin'))).toEqual(data);
      }
      expect((await collect(drive().list(p()))).map((e) => e.name)).toEqual(['keep.bin']);
    });

    it('an already-aborted signal writes nothing -> Cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      await expectCode(
        drive().write(p('never.txt'), 'x', { signal: controller.signal }),
        'Cancelled',
      );
      expect(await drive().exists(p('never.txt'))).toBe(false);
    });

    it('an aborted source stream fails the write and writes nothing', async () => {
      const data = patternBytes(smallChunkSize(drive()) * 3, 42);
      async function* failing() {
        yield data.subarray(0, 70_000);
        throw new Error('source broke');
      }
      await expect(
        drive().write(p('broken.bin'), failing(), { chunkSize: smallChunkSize(drive()) }),
      ).rejects.toThrow();
      expect(await drive().exists(p('broken.bin'))).toBe(false);
    });

    it('reports monotonic progress ending at the size', async () => {
      const chunk = smallChunkSize(drive());
      const data = patternBytes(chunk * 3 + 5, 43);
      const seen: number[] = [];
      await drive().write(p('prog.bin'), data, {
        chunkSize: chunk,
        ...(drive().capabilities.uploadSession ? { mode: 'session' as const } : {}),
        onProgress: (pr) => {
          seen.push(pr.bytes);
          expect(pr.total).toBe(data.byteLength);
        },
      });
      expect(seen.length).toBeGreaterThan(0);
      for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] as number);
      expect(seen[seen.length - 1]).toBe(data.byteLength);
    });

    it('reports progress for a small write', async () => {
      const seen: number[] = [];
      await drive().write(p('small.txt'), 'twelve bytes', {
        onProgress: (pr) => seen.push(pr.bytes),
      });
      expect(seen[seen.length - 1]).toBe(12);
    });
  });

  describe('concurrency', () => {
    it('writes 8 files to different paths at once', async () => {
      const items = Array.from({ length: 8 }, (_, i) => ({
        name: `c${i}.bin`,
        data: patternBytes(5000 + i, 50 + i),
      }));
      await Promise.all(items.map((it) => drive().write(p(it.name), it.data)));
      for (const it of items) expect(await drive().readBytes(p(it.name))).toEqual(it.data);
      expect((await collect(drive().list(p()))).length).toBe(8);
    });

    it('reads the same file from 4 readers at once', async () => {
      const data = patternBytes(20_000, 60);
      await drive().write(p('shared.bin'), data);
      const reads = await Promise.all([1, 2, 3, 4].map(() => drive().readBytes(p('shared.bin'))));
      for (const r of reads) expect(sha256(r)).toBe(sha256(data));
    });
  });
}
