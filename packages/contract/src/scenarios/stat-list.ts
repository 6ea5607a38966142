import { describe, expect, it } from 'vitest';
import { expectCode, type SuiteContext } from '../context.js';
import { collect } from '../fixtures.js';

/** stat, shallow and recursive listing, and paging. */
export function statListScenarios({ drive, p }: SuiteContext): void {
  describe('stat', () => {
    it('stats a file', async () => {
      const before = Date.now();
      await drive().write(p('s.txt'), 'stat me');
      const entry = await drive().stat(p('s.txt'));
      expect(entry.kind).toBe('file');
      expect(entry.name).toBe('s.txt');
      expect(entry.path).toBe(p('s.txt'));
      if (entry.kind !== 'file') throw new Error('not a file');
      expect(entry.size).toBe(7);
      expect(entry.id).toBeTruthy();
      expect(entry.modifiedAt).toBeInstanceOf(Date);
      expect((entry.modifiedAt as Date).getTime()).toBeGreaterThan(before - 5 * 60_000);
    });

    it('stats a folder', async () => {
      await drive().mkdir(p('folder'));
      const entry = await drive().stat(p('folder'));
      expect(entry.kind).toBe('folder');
      expect(entry.name).toBe('folder');
    });

    it('stats a missing item -> NotFound naming the path', async () => {
      const err = await expectCode(drive().stat(p('missing.txt')), 'NotFound');
      expect(err.message).toContain('missing.txt');
    });

    it('stats by id the same item as by path', async () => {
      const written = await drive().write(p('id.txt'), 'by id');
      const byId = await drive().stat({ id: written.id });
      expect(byId.id).toBe(written.id);
      expect(byId.name).toBe('id.txt');
    });

    it('stats the root as a folder', async () => {
      expect((await drive().stat('/')).kind).toBe('folder');
    });

    it('tells whether something exists', async () => {
      await drive().write(p('here.txt'), 'x');
      expect(await drive().exists(p('here.txt'))).toBe(true);
      expect(await drive().exists(p('there.txt'))).toBe(false);
    });

    it('returns the provider payload only when asked', async () => {
      await drive().write(p('raw.txt'), 'x');
      expect((await drive().stat(p('raw.txt'))).raw).toBeUndefined();
      expect((await drive().stat(p('raw.txt'), { raw: true })).raw).toBeTruthy();
      const [listed] = (await drive().listPage(p(), { raw: true })).entries;
      expect(listed?.raw).toBeTruthy();
    });
  });

  describe('list', () => {
    it('lists a folder shallowly with kinds and sizes', async () => {
      await drive().write(p('a.txt'), 'aa');
      await drive().mkdir(p('sub'));
      await drive().write(p('sub', 'inner.txt'), 'inner');
      const entries = await collect(drive().list(p()));
      expect(entries.map((e) => e.name).sort()).toEqual(['a.txt', 'sub']);
      const file = entries.find((e) => e.name === 'a.txt');
      expect(file?.kind).toBe('file');
      expect(file?.kind === 'file' && file.size).toBe(2);
      expect(entries.find((e) => e.name === 'sub')?.kind).toBe('folder');
    });

    it('lists a whole tree recursively', async () => {
      await drive().write(p('x', 'y', 'z.txt'), 'z', { createParents: true });
      await drive().write(p('x', 'w.txt'), 'w');
      const entries = await collect(drive().list(p(), { recursive: true }));
      expect(entries.map((e) => e.path).sort()).toEqual(
        [p('x'), p('x', 'w.txt'), p('x', 'y'), p('x', 'y', 'z.txt')].sort(),
      );
    });

    it('pages past one page with a small page size', async () => {
      const names = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7'];
      for (const n of names) await drive().write(p(`${n}.txt`), n);
      const first = await drive().listPage(p(), { pageSize: 2 });
      expect(first.entries.length).toBeLessThanOrEqual(2);
      expect(first.cursor).toBeTruthy();
      const all = await collect(drive().list(p(), { pageSize: 2 }));
      expect(all.map((e) => e.name).sort()).toEqual(names.map((n) => `${n}.txt`));
      expect(new Set(all.map((e) => e.id)).size).toBe(names.length);
    });

    it('continues a listing from a cursor', async () => {
      for (const n of ['a', 'b', 'c']) await drive().write(p(n), n);
      const first = await drive().listPage(p(), { pageSize: 1 });
      const second = await drive().listPage(p(), { pageSize: 1, cursor: first.cursor as string });
      expect(second.entries.length).toBeGreaterThan(0);
      expect(second.entries.map((e) => e.id)).not.toContain(first.entries[0]?.id);
    });

    it('lists an empty folder as empty', async () => {
      await drive().mkdir(p('empty'));
      expect(await collect(drive().list(p('empty')))).toEqual([]);
    });

    it('lists a file as a folder -> NotAFolder', async () => {
      await drive().write(p('file.txt'), 'x');
      await expectCode(collect(drive().list(p('file.txt'))), 'NotAFolder');
    });

    it('lists a missing folder -> NotFound', async () => {
      await expectCode(collect(drive().list(p('ghost'))), 'NotFound');
    });

    it('lists by folder id', async () => {
      const folder = await drive().mkdir(p('byid'));
      await drive().write(p('byid', 'in.txt'), 'x');
      const entries = await collect(drive().list({ id: folder.id }));
      expect(entries.map((e) => e.name)).toEqual(['in.txt']);
    });
  });
}
