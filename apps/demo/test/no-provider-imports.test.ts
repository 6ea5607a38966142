import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

describe('the demo talks only to @polydrive/core', () => {
  it('imports no provider package in its server or its page', async () => {
    const files = [
      ...(await filesUnder(join(root, 'src'))),
      ...(await filesUnder(join(root, 'public'))),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      expect(await readFile(file, 'utf8'), file).not.toMatch(/@polydrive\/provider-/);
    }
  });
});
