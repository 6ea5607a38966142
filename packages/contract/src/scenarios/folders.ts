import { describe, expect, it } from 'vitest';
import { expectCode, type SuiteContext } from '../context.js';
import { collect } from '../fixtures.js';

/** mkdir, move, copy and delete of files and folders. */
export function folderScenarios({ drive, p }: SuiteContext): void {
  describe('mkdir', () => {
    it('creates a folder', async () => {
      const folder = await drive().mkdir(p('new'));
      expect(folder.kind).toBe('folder');
      expect(folder.name).toBe('new');
      expect((await drive().stat(p('new'))).id).toBe(folder.id);
    });

    it('creates missing parents with recursive', async () => {
      const folder = await drive().mkdir(p('a', 'b', 'c'), { recursive: true });
      expect(folder.name).toBe('c');
      expect((await drive().stat(p('a', 'b'))).kind).toBe('folder');
    });

    it('returns the existing folder with recursive', async () => {
      const first = await drive().mkdir(p('again'));
      const second = await drive().mkdir(p('again'), { recursive: true });
      expect(second.id).toBe(first.id);
    });

    it('refuses an existing folder without recursive -> AlreadyExists', async () => {
      await drive().mkdir(p('twice'));
      await expectCode(drive().mkdir(p('twice')), 'AlreadyExists');
    });

    it('refuses a path through a file -> NotAFolder', async () => {
      await drive().write(p('file'), 'x');
      await expectCode(drive().mkdir(p('file', 'sub'), { recursive: true }), 'NotAFolder');
    });

    it('treats the root as an existing folder with recursive', async () => {
      const root = await drive().mkdir('/', { recursive: true });
      expect(root.kind).toBe('folder');
      expect(root.id).toBe((await drive().stat('/')).id);
    });

    it('refuses a missing parent without recursive -> NotFound', async () => {
      await expectCode(drive().mkdir(p('no', 'parent')), 'NotFound');
    });
  });

  describe('move', () => {
    it('renames a file', async () => {
      await drive().write(p('old.txt'), 'content');
      const moved = await drive().move(p('old.txt'), p('new.txt'));
      expect(moved.name).toBe('new.txt');
      expect(await drive().exists(p('old.txt'))).toBe(false);
      expect(await drive().readText(p('new.txt'))).toBe('content');
    });

    it('moves a file into another folder', async () => {
      await drive().write(p('f.txt'), 'move me');
      await drive().mkdir(p('dest'));
      await drive().move(p('f.txt'), p('dest', 'f.txt'));
      expect(await drive().readText(p('dest', 'f.txt'))).toBe('move me');
      expect(await drive().exists(p('f.txt'))).toBe(false);
    });

    it('moves a folder with its contents', async () => {
      await drive().write(p('src', 'deep', 'x.txt'), 'x', { createParents: true });
      await drive().mkdir(p('into'));
      await drive().move(p('src'), p('into', 'moved'));
      expect(await drive().readText(p('into', 'moved', 'deep', 'x.txt'))).toBe('x');
      expect(await drive().exists(p('src'))).toBe(false);
    });

    it('refuses to move onto an existing name by default -> AlreadyExists', async () => {
      await drive().write(p('a.txt'), 'a');
      await drive().write(p('b.txt'), 'b');
      await expectCode(drive().move(p('a.txt'), p('b.txt')), 'AlreadyExists');
      expect(await drive().readText(p('a.txt'))).toBe('a');
      expect(await drive().readText(p('b.txt'))).toBe('b');
    });

    it("replaces the destination with conflict 'replace'", async () => {
      await drive().write(p('a.txt'), 'a');
      await drive().write(p('b.txt'), 'b');
      await drive().move(p('a.txt'), p('b.txt'), { conflict: 'replace' });
      expect(await drive().readText(p('b.txt'))).toBe('a');
      expect(await drive().exists(p('a.txt'))).toBe(false);
    });

    it('refuses to move a folder into itself -> InvalidArgument', async () => {
      await drive().mkdir(p('loop', 'inner'), { recursive: true });
      await expectCode(drive().move(p('loop'), p('loop', 'inner', 'loop')), 'InvalidArgument');
      expect((await drive().stat(p('loop', 'inner'))).kind).toBe('folder');
    });

    it('refuses to move a folder into itself by id -> InvalidArgument', async () => {
      await drive().mkdir(p('loop2', 'inner'), { recursive: true });
      const outer = await drive().stat(p('loop2'));
      const inner = await drive().stat(p('loop2', 'inner'));
      await expectCode(
        drive().move({ id: outer.id }, { parent: { id: inner.id }, name: 'x' }),
        'InvalidArgument',
      );
    });

    it('moves a missing item -> NotFound', async () => {
      await expectCode(drive().move(p('ghost.txt'), p('x.txt')), 'NotFound');
    });
  });

  describe('copy', () => {
    it('copies a file and leaves the source intact', async () => {
      await drive().write(p('orig.txt'), 'copy me');
      const copy = await drive().copy(p('orig.txt'), p('copy.txt'));
      expect(copy.name).toBe('copy.txt');
      expect(copy.id).not.toBe((await drive().stat(p('orig.txt'))).id);
      expect(await drive().readText(p('copy.txt'))).toBe('copy me');
      expect(await drive().readText(p('orig.txt'))).toBe('copy me');
    });

    it('copies a folder recursively', async () => {
      await drive().write(p('tree', 'a.txt'), 'a', { createParents: true });
      await drive().write(p('tree', 'sub', 'b.txt'), 'b', { createParents: true });
      await drive().copy(p('tree'), p('tree2'));
      expect(await drive().readText(p('tree2', 'a.txt'))).toBe('a');
      expect(await drive().readText(p('tree2', 'sub', 'b.txt'))).toBe('b');
      expect(await drive().readText(p('tree', 'sub', 'b.txt'))).toBe('b');
    });

    it('refuses to copy a folder into itself -> InvalidArgument', async () => {
      await drive().mkdir(p('self'));
      await expectCode(drive().copy(p('self'), p('self', 'again')), 'InvalidArgument');
    });

    it('refuses to copy onto an existing name by default -> AlreadyExists', async () => {
      await drive().write(p('a.txt'), 'a');
      await drive().write(p('b.txt'), 'b');
      await expectCode(drive().copy(p('a.txt'), p('b.txt')), 'AlreadyExists');
      expect(await drive().readText(p('b.txt'))).toBe('b');
    });

    it('transfers a file to a drive, streamed', async () => {
      await drive().write(p('t.txt'), 'transfer');
      const entry = await drive().transfer(p('t.txt'), drive(), p('t2.txt'));
      expect(entry.name).toBe('t2.txt');
      expect(await drive().readText(p('t2.txt'))).toBe('transfer');
    });
  });

  describe('delete', () => {
    it('deletes a file', async () => {
      await drive().write(p('d.txt'), 'x');
      await drive().delete(p('d.txt'));
      expect(await drive().exists(p('d.txt'))).toBe(false);
    });

    it('deletes an empty folder', async () => {
      await drive().mkdir(p('e'));
      await drive().delete(p('e'));
      expect(await drive().exists(p('e'))).toBe(false);
    });

    it('refuses a non-empty folder without recursive and keeps it', async () => {
      await drive().write(p('full', 'x.txt'), 'x', { createParents: true });
      const err = await expectCode(drive().delete(p('full')), 'InvalidArgument');
      expect(err.message).toContain('recursive');
      expect(await drive().readText(p('full', 'x.txt'))).toBe('x');
    });

    it('deletes a folder recursively', async () => {
      await drive().write(p('full', 'sub', 'x.txt'), 'x', { createParents: true });
      await drive().delete(p('full'), { recursive: true });
      expect(await drive().exists(p('full'))).toBe(false);
      expect(await collect(drive().list(p()))).toEqual([]);
    });

    it('deletes a missing item -> NotFound', async () => {
      await expectCode(drive().delete(p('never.txt')), 'NotFound');
    });

    it('refuses to delete the root', async () => {
      await expectCode(drive().delete('/'), 'InvalidArgument');
    });

    it('deletes by id', async () => {
      const f = await drive().write(p('id.txt'), 'x');
      await drive().delete({ id: f.id });
      expect(await drive().exists(p('id.txt'))).toBe(false);
    });
  });
}
