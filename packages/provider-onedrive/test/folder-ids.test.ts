import { describe, expect, it } from 'vitest';
import { FolderIds } from '../src/provider/folder-ids.js';

function cache(ttlMs = 1000, maxEntries = 10) {
  const clock = { now: 0 };
  return { clock, ids: new FolderIds({ ttlMs, maxEntries, now: () => clock.now }) };
}

describe('FolderIds', () => {
  it('forgets a mapping once its time is up', () => {
    const { clock, ids } = cache(1000);
    ids.set('/a', 'id-a');
    clock.now = 999;
    expect(ids.get('/a')).toBe('id-a');
    clock.now = 1000;
    expect(ids.get('/a')).toBeUndefined();
  });

  it('keeps nothing with a time of 0', () => {
    const { ids } = cache(0);
    ids.set('/a', 'id-a');
    expect(ids.get('/a')).toBeUndefined();
  });

  it('drops the least recently used mapping beyond its size', () => {
    const { ids } = cache(1000, 2);
    ids.set('/a', 'id-a');
    ids.set('/b', 'id-b');
    expect(ids.get('/a')).toBe('id-a');
    ids.set('/c', 'id-c');
    expect(ids.get('/b')).toBeUndefined();
    expect(ids.get('/a')).toBe('id-a');
    expect(ids.get('/c')).toBe('id-c');
  });

  it('forgets a folder and everything below it, whatever the case, and nothing beside it', () => {
    const { ids } = cache();
    ids.set('/Docs', 'id-docs');
    ids.set('/Docs/Sub', 'id-sub');
    ids.set('/docs2', 'id-docs2');
    ids.set('/other', 'id-other');
    ids.forget('/docs');
    expect(ids.get('/Docs')).toBeUndefined();
    expect(ids.get('/Docs/Sub')).toBeUndefined();
    expect(ids.get('/docs2')).toBe('id-docs2');
    expect(ids.get('/other')).toBe('id-other');
  });

  it('looks paths up exactly: another spelling is a miss, not a guess', () => {
    const { ids } = cache();
    ids.set('/Docs', 'id-docs');
    expect(ids.get('/docs')).toBeUndefined();
  });

  it('does not store a look-up that started before a forget or clear', () => {
    const { ids } = cache();
    const before = ids.generation;
    ids.forget('/moved');
    ids.set('/moved', 'stale-id', before);
    expect(ids.get('/moved')).toBeUndefined();
    const again = ids.generation;
    ids.clear();
    ids.set('/x', 'stale-id', again);
    expect(ids.get('/x')).toBeUndefined();
    ids.set('/x', 'fresh-id', ids.generation);
    expect(ids.get('/x')).toBe('fresh-id');
  });
});
