import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadProviders, renderReadme, renderTable } from '../capability-table.mjs';

describe('README capability table', () => {
  it('matches the providers’ capability records (run `npm run docs:capabilities` if not)', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toBe(await renderReadme());
  });

  it('has a column per provider package and reflects a capability change', async () => {
    const providers = await loadProviders();
    const names = providers.map((p: { name: string }) => p.name);
    expect(names).toContain('memory');
    const table = renderTable(providers);
    const flipped = providers.map((p: { name: string; capabilities: Record<string, unknown> }) => ({
      ...p,
      capabilities: { ...p.capabilities, search: !p.capabilities.search },
    }));
    expect(renderTable(flipped)).not.toBe(table);
  });
});
