import { createDrive } from '@polydrive/core';
import { describe, expect, it } from 'vitest';

describe('memory through the registry', () => {
  it('loads by URI, lazily by package name, and gives separate drives', async () => {
    const a = await createDrive('memory:');
    const b = await createDrive({ provider: 'memory' });
    expect(a.name).toBe('memory');
    await a.write('/x.txt', 'only in a');
    expect(await a.readText('/x.txt')).toBe('only in a');
    expect(await b.exists('/x.txt')).toBe(false);
  });
});
