import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashBytes } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { at, bytes, freshProvider, text, useTempDirs } from './helpers.js';

const tempDir = useTempDirs();

async function touch(root: string, ...names: string[]): Promise<void> {
  for (const name of names) await writeFile(join(root, name), name);
}

describe('listPage', () => {
  it('pages in name order and continues after the last name when entries are added', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await touch(root, 'c', 'a', 'e', 'b', 'd');
    const first = await provider.listPage({ path: '/' }, { pageSize: 2 });
    expect(first.entries.map((e) => e.name)).toEqual(['a', 'b']);
    // One name sorts before the cursor, one after it: neither shifts what comes next.
    await touch(root, 'aa', 'bb');
    const second = await provider.listPage({ path: '/' }, { pageSize: 2, cursor: first.cursor });
    expect(second.entries.map((e) => e.name)).toEqual(['bb', 'c']);
    const third = await provider.listPage({ path: '/' }, { pageSize: 2, cursor: second.cursor });
    expect(third.entries.map((e) => e.name)).toEqual(['d', 'e']);
    expect(third.cursor).toBeUndefined();
  });

  it('pages through a folder larger than a page in name order, each entry once', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const names = Array.from(
      { length: 250 },
      (_, i) => `n${String((i * 7919) % 250).padStart(3, '0')}`,
    );
    await Promise.all(names.map((name) => writeFile(join(root, name), name)));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await provider.listPage(
        { path: '/' },
        { pageSize: 100, ...(cursor ? { cursor } : {}) },
      );
      expect(page.entries.length).toBeLessThanOrEqual(100);
      seen.push(...page.entries.map((e) => e.name));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(seen).toEqual([...names].sort());
  });

  it('continues correctly when the last name returned is deleted', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await touch(root, 'a', 'b', 'c');
    const first = await provider.listPage({ path: '/' }, { pageSize: 2 });
    await provider.delete({ path: '/b' });
    const second = await provider.listPage({ path: '/' }, { pageSize: 2, cursor: first.cursor });
    expect(second.entries.map((e) => e.name)).toEqual(['c']);
  });

  it('refuses a cursor it did not issue', async () => {
    const { provider } = await freshProvider(tempDir);
    await expect(provider.listPage({ path: '/' }, { cursor: 'nonsense' })).rejects.toMatchObject({
      code: 'InvalidArgument',
    });
  });

  it('reports NotAFolder for a file and NotFound for a missing folder', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await touch(root, 'f');
    await expect(provider.listPage({ path: '/f' })).rejects.toMatchObject({ code: 'NotAFolder' });
    await expect(provider.listPage({ path: '/nope' })).rejects.toMatchObject({
      code: 'NotFound',
      provider: 'local',
      operation: 'listPage',
      target: '/nope',
    });
  });
});

describe('entries', () => {
  it('describe files, folders and the root', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await mkdir(join(root, 'docs'));
    await writeFile(join(root, 'docs', 'Report.PDF'), 'pdf!');
    expect(await provider.stat({ path: '/' })).toMatchObject({
      kind: 'folder',
      id: '/',
      name: '',
      path: '/',
      isRoot: true,
    });
    const folder = await provider.stat({ path: '/docs' });
    expect(folder).toMatchObject({ kind: 'folder', id: '/docs', parentId: '/', name: 'docs' });
    expect(folder).not.toHaveProperty('isRoot');
    const file = await provider.stat({ id: '/docs/Report.PDF' });
    expect(file).toMatchObject({
      kind: 'file',
      id: '/docs/Report.PDF',
      parentId: '/docs',
      path: '/docs/Report.PDF',
      size: 4,
      mimeType: 'application/pdf',
      hashes: {},
    });
    expect(file.modifiedAt).toBeInstanceOf(Date);
    expect(typeof file.etag).toBe('string');
    expect((await provider.stat({ path: '/docs' }, { raw: true })).raw).toMatchObject({
      absolutePath: join(provider.root, 'docs'),
    });
  });

  it('carry the configured hashes, computed from the content', async () => {
    const { provider } = await freshProvider(tempDir, { hashes: ['sha256', 'quickXor'] });
    expect(provider.capabilities.hashes).toEqual(['sha256', 'quickXor']);
    const content = bytes('hello hashes');
    const written = await provider.writeSmall(at('/', 'h.txt'), content, { conflict: 'fail' });
    const expected = hashBytes(['sha256', 'quickXor'], content);
    expect(written.hashes).toEqual(expected);
    const listed = (await provider.listPage({ path: '/' })).entries[0];
    expect(listed).toMatchObject({ hashes: expected });
  });
});

describe('read', () => {
  it('streams the whole file or a range', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await writeFile(join(root, 'f.txt'), '0123456789');
    const whole = await provider.read({ path: '/f.txt' });
    expect(whole.size).toBe(10);
    expect(await text(whole.stream)).toBe('0123456789');
    const part = await provider.read({ path: '/f.txt' }, { range: { offset: 3, length: 4 } });
    expect(part.size).toBe(4);
    expect(await text(part.stream)).toBe('3456');
    const tail = await provider.read({ path: '/f.txt' }, { range: { offset: 7 } });
    expect(await text(tail.stream)).toBe('789');
    const past = await provider.read({ path: '/f.txt' }, { range: { offset: 20, length: 5 } });
    expect(past.size).toBe(0);
    expect(await text(past.stream)).toBe('');
  });

  it('streams large files in bounded pieces', async () => {
    const { root, provider } = await freshProvider(tempDir);
    const big = Buffer.alloc(3 * 1024 * 1024 + 5, 1);
    await writeFile(join(root, 'big.bin'), big);
    const { stream } = await provider.read({ path: '/big.bin' });
    let total = 0;
    let largest = 0;
    for await (const piece of stream) {
      total += piece.byteLength;
      largest = Math.max(largest, piece.byteLength);
    }
    expect(total).toBe(big.byteLength);
    expect(largest).toBeLessThanOrEqual(256 * 1024);
  });

  it('keeps serving the content it opened when a write replaces the file', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await writeFile(join(root, 'f.txt'), 'old content');
    const { stream } = await provider.read({ path: '/f.txt' });
    await provider.writeSmall(at('/', 'f.txt'), bytes('new'), { conflict: 'replace' });
    expect(await text(stream)).toBe('old content');
  });

  it('reports NotAFile for a folder and refuses bad ranges and export formats', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await mkdir(join(root, 'd'));
    await writeFile(join(root, 'f.txt'), 'x');
    await expect(provider.read({ path: '/d' })).rejects.toMatchObject({ code: 'NotAFile' });
    await expect(
      provider.read({ path: '/f.txt' }, { range: { offset: -1 } }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(
      provider.read({ path: '/f.txt' }, { exportFormat: 'application/pdf' }),
    ).rejects.toMatchObject({ code: 'Unsupported' });
  });

  it('errors the stream with Cancelled when the signal fires', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await writeFile(join(root, 'big.bin'), Buffer.alloc(2 * 1024 * 1024));
    const controller = new AbortController();
    const { stream } = await provider.read({ path: '/big.bin' }, { signal: controller.signal });
    const reader = stream.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ code: 'Cancelled' });
  });
});

describe('search', () => {
  it('finds names case-insensitively, page by page, within a folder', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await mkdir(join(root, 'a', 'deep'), { recursive: true });
    await mkdir(join(root, 'b'));
    await touch(
      root,
      'Report-1.txt',
      'a/report-2.txt',
      'a/deep/REPORT-3.txt',
      'b/report-4.txt',
      'b/other',
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await provider.search(
        { text: 'report' },
        { pageSize: 2, ...(cursor ? { cursor } : {}) },
      );
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.path as string));
      cursor = page.cursor;
    } while (cursor);
    expect(seen.sort()).toEqual([
      '/Report-1.txt',
      '/a/deep/REPORT-3.txt',
      '/a/report-2.txt',
      '/b/report-4.txt',
    ]);
    const within = await provider.search({ text: 'REPORT', within: { path: '/a' } });
    expect(within.entries.map((e) => e.path).sort()).toEqual([
      '/a/deep/REPORT-3.txt',
      '/a/report-2.txt',
    ]);
    expect(within.cursor).toBeUndefined();
  });

  it('resumes after the last hit even when it was deleted meanwhile', async () => {
    const { root, provider } = await freshProvider(tempDir);
    await touch(root, 'x1', 'x2', 'x3');
    const first = await provider.search({ text: 'x' }, { pageSize: 2 });
    expect(first.entries.map((e) => e.name)).toEqual(['x1', 'x2']);
    await provider.delete({ path: '/x2' });
    const second = await provider.search({ text: 'x' }, { pageSize: 2, cursor: first.cursor });
    expect(second.entries.map((e) => e.name)).toEqual(['x3']);
    expect(second.cursor).toBeUndefined();
  });
});

describe('about', () => {
  it('names the root and reports the disk quota', async () => {
    const { provider } = await freshProvider(tempDir);
    const info = await provider.about();
    expect(info.name).toBe(provider.root.split('/').at(-1));
    expect(info.id).toMatch(/^[0-9a-f]{32}$/);
    expect(info.quota?.total).toBeGreaterThan(0);
    expect(info.quota?.remaining).toBeLessThanOrEqual(info.quota?.total as number);
  });
});
