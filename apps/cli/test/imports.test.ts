import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

async function sources(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts')) found.push(path);
  }
  return found;
}

// Static imports, re-exports, dynamic imports and require calls, with either quote.
const MODULE_REFERENCE =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

describe('the CLI talks only to core', () => {
  it('imports no @polydrive/provider-* package in any source file', async () => {
    const files = await sources(SRC);
    expect(files.length).toBeGreaterThan(10);
    const offending: string[] = [];
    const polydrive = new Set<string>();
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const [, specifier] of text.matchAll(MODULE_REFERENCE)) {
        if (!specifier) continue;
        if (specifier.startsWith('@polydrive/')) polydrive.add(specifier);
        if (specifier.startsWith('@polydrive/provider-')) offending.push(`${file}: ${specifier}`);
      }
    }
    expect(offending).toEqual([]);
    // The scan does see the packages the CLI does use, so a broken pattern cannot pass.
    expect(polydrive).toContain('@polydrive/core');
    expect(polydrive).toContain('@polydrive/emulator');
  });
});
