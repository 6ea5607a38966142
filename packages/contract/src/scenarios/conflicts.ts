import { describe, expect, it } from 'vitest';
import { expectCode, type SuiteContext } from '../context.js';
import { collect, patternBytes, sha256, smallChunkSize } from '../fixtures.js';

/** Overwrites and each conflict policy. */
export function conflictScenarios({ drive, p }: SuiteContext): void {
  describe('conflicts', () => {
    it('replaces an existing file by default', async () => {
      await drive().write(p('f.txt'), 'first');
      const second = await drive().write(p('f.txt'), 'second version');
      expect(second.size).toBe(14);
      expect(await drive().readText(p('f.txt'))).toBe('second version');
      expect((await collect(drive().list(p()))).length).toBe(1);
    });

    it("conflict 'fail' keeps the existing file and throws AlreadyExists", async () => {
      await drive().write(p('f.txt'), 'original');
      if (!drive().capabilities.conflictPolicies.includes('fail')) {
        await expectCode(drive().write(p('f.txt'), 'new', { conflict: 'fail' }), 'Unsupported');
        return;
      }
      await expectCode(drive().write(p('f.txt'), 'new', { conflict: 'fail' }), 'AlreadyExists');
      expect(await drive().readText(p('f.txt'))).toBe('original');
    });

    it("conflict 'rename' keeps both files", async () => {
      await drive().write(p('report.txt'), 'one');
      if (!drive().capabilities.conflictPolicies.includes('rename')) {
        await expectCode(
          drive().write(p('report.txt'), 'two', { conflict: 'rename' }),
          'Unsupported',
        );
        return;
      }
      const renamed = await drive().write(p('report.txt'), 'two', { conflict: 'rename' });
      expect(renamed.name).not.toBe('report.txt');
      expect(renamed.name).toMatch(/report.*\.txt$/);
      expect(await drive().readText(p('report.txt'))).toBe('one');
      expect(await drive().readText(p(renamed.name))).toBe('two');
    });

    it("conflict 'fail' through an upload session leaves the original intact", async () => {
      await drive().write(p('s.bin'), 'keep me');
      const caps = drive().capabilities;
      const chunk = smallChunkSize(drive());
      const supported = caps.uploadSession && caps.conflictPolicies.includes('fail');
      await expectCode(
        drive().write(p('s.bin'), patternBytes(chunk * 2 + 5), {
          conflict: 'fail',
          mode: 'session',
          chunkSize: chunk,
        }),
        supported ? 'AlreadyExists' : 'Unsupported',
      );
      expect(await drive().readText(p('s.bin'))).toBe('keep me');
    });

    it("conflict 'replace' through an upload session", async () => {
      await drive().write(p('r.bin'), 'old');
      const chunk = smallChunkSize(drive());
      const data = patternBytes(chunk * 2 + 9, 11);
      await drive().write(p('r.bin'), data, {
        conflict: 'replace',
        chunkSize: chunk,
        ...(drive().capabilities.uploadSession ? { mode: 'session' as const } : {}),
      });
      expect(sha256(await drive().readBytes(p('r.bin')))).toBe(sha256(data));
    });

    it('changes the etag when the content changes', async () => {
      const a = await drive().write(p('e.txt'), 'aaaa');
      const b = await drive().write(p('e.txt'), 'bbbb');
      expect(a.etag).toBeTruthy();
      expect(b.etag).not.toBe(a.etag);
      expect((await drive().stat(p('e.txt'))).etag).toBe(b.etag);
    });

    it('refuses a write whose ifMatch etag is stale', async () => {
      const first = await drive().write(p('m.txt'), 'v1');
      await drive().write(p('m.txt'), 'v2');
      if (!drive().capabilities.conditionalWrite) {
        await expectCode(
          drive().write(p('m.txt'), 'v3', { ifMatch: first.etag as string }),
          'Unsupported',
        );
        return;
      }
      await expectCode(
        drive().write(p('m.txt'), 'v3', { ifMatch: first.etag as string }),
        'PreconditionFailed',
      );
      expect(await drive().readText(p('m.txt'))).toBe('v2');
      const current = await drive().stat(p('m.txt'));
      await drive().write(p('m.txt'), 'v3', { ifMatch: current.etag as string });
      expect(await drive().readText(p('m.txt'))).toBe('v3');
    });

    it('refuses to write a file where a folder is', async () => {
      await drive().mkdir(p('taken'));
      const err = await drive()
        .write(p('taken'), 'x')
        .catch((e: unknown) => e);
      expect(['AlreadyExists', 'NotAFile']).toContain((err as { code?: string }).code);
      expect((await drive().stat(p('taken'))).kind).toBe('folder');
    });
  });
}
