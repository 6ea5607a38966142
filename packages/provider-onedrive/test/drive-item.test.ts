import { describe, expect, it } from 'vitest';
import { type DriveItem, toEntry } from '../src/graph/drive-item.js';

const file: DriveItem = {
  id: 'F1',
  name: 'a b.txt',
  size: 11,
  eTag: '"{F1},2"',
  webUrl: 'https://onedrive.live.com/?id=F1',
  createdDateTime: '2026-01-01T00:00:00Z',
  lastModifiedDateTime: '2026-01-02T00:00:00Z',
  parentReference: { driveId: 'D1', id: 'P1', path: '/drive/root:/docs%20and%20more' },
  fileSystemInfo: {
    createdDateTime: '2025-05-05T05:05:05Z',
    lastModifiedDateTime: '2025-05-05T05:05:05Z',
  },
  file: {
    mimeType: 'text/plain',
    hashes: { quickXorHash: 'AAAA', sha1Hash: 'ABCDEF', sha256Hash: 'FEDCBA' },
  },
};

describe('driveItem to Entry', () => {
  it('maps every field of a file, hashes as Polydrive keeps them', () => {
    expect(toEntry(file)).toStrictEqual({
      kind: 'file',
      id: 'F1',
      name: 'a b.txt',
      size: 11,
      hashes: { quickXor: 'AAAA', sha1: 'abcdef', sha256: 'fedcba' },
      parentId: 'P1',
      path: '/docs and more/a b.txt',
      driveId: 'D1',
      createdAt: new Date('2025-05-05T05:05:05Z'),
      modifiedAt: new Date('2025-05-05T05:05:05Z'),
      etag: '"{F1},2"',
      webUrl: 'https://onedrive.live.com/?id=F1',
      mimeType: 'text/plain',
    });
  });

  it('leaves out what Graph did not send, rather than setting it to undefined', () => {
    const entry = toEntry({ id: 'F2', name: 'bare.bin' });
    expect(entry).toStrictEqual({ kind: 'file', id: 'F2', name: 'bare.bin', size: 0, hashes: {} });
    expect(Object.keys(entry).sort()).toEqual(['hashes', 'id', 'kind', 'name', 'size']);
  });

  it('maps folders, OneNote packages and the root', () => {
    expect(
      toEntry({ id: 'D', name: 'docs', folder: { childCount: 3 }, parentReference: { id: 'R' } }),
    ).toStrictEqual({ kind: 'folder', id: 'D', name: 'docs', parentId: 'R', childCount: 3 });
    expect(toEntry({ id: 'N', name: 'Notes', package: { type: 'oneNote' } })).toMatchObject({
      kind: 'folder',
      name: 'Notes',
    });
    expect(
      toEntry({ id: 'R', name: 'root', root: {}, folder: {}, parentReference: { driveId: 'D1' } }),
    ).toStrictEqual({ kind: 'folder', id: 'R', name: '', path: '/', driveId: 'D1', isRoot: true });
  });

  it("uses the caller's parent path only when Graph sent none, and keeps undecodable paths", () => {
    const noPath = { id: 'F3', name: 'x.txt', parentReference: { id: 'P' } };
    expect(toEntry(noPath, { parentPath: '/given' }).path).toBe('/given/x.txt');
    expect(toEntry(noPath).path).toBeUndefined();
    expect(toEntry(file, { parentPath: '/given' }).path).toBe('/docs and more/a b.txt');
    const odd = { ...noPath, parentReference: { path: '/drive/root:/100%' } };
    expect(toEntry(odd).path).toBe('/100%/x.txt');
    const atRoot = { ...noPath, parentReference: { path: '/drives/D1/root:' } };
    expect(toEntry(atRoot, { parentPath: '/given' }).path).toBe('/x.txt');
  });

  it('gives each entry its own dates, and drops dates Graph wrote badly', () => {
    const first = toEntry(file);
    const second = toEntry(file);
    expect(first.createdAt).not.toBe(first.modifiedAt);
    expect(first.createdAt).not.toBe(second.createdAt);
    first.createdAt?.setTime(0);
    expect(second.createdAt?.toISOString()).toBe('2025-05-05T05:05:05.000Z');
    const bad = toEntry({ id: 'F4', name: 'b', createdDateTime: 'yesterday' });
    expect('createdAt' in bad).toBe(false);
    const later = toEntry({ id: 'F5', name: 'c', lastModifiedDateTime: '2026-03-03T03:03:03Z' });
    expect(later.modifiedAt?.toISOString()).toBe('2026-03-03T03:03:03.000Z');
  });

  it('includes the Graph payload only when asked', () => {
    expect(toEntry(file, { raw: true }).raw).toBe(file);
    expect('raw' in toEntry(file)).toBe(false);
  });
});
