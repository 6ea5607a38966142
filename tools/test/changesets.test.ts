import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const folder = join(root, '.changeset');

/** Names of the workspace packages (packages/* and apps/*). */
async function workspaceNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const parent of ['packages', 'apps']) {
    for (const dir of await readdir(join(root, parent))) {
      const manifest = await readFile(join(root, parent, dir, 'package.json'), 'utf8').catch(
        () => undefined,
      );
      if (manifest !== undefined) names.add((JSON.parse(manifest) as { name: string }).name);
    }
  }
  return names;
}

/**
 * What `changeset version` reads of a file: the front matter's `"package": bump` lines and the
 * summary after it. Undefined when the file is not in that shape.
 */
function parse(text: string): { bumps: Map<string, string>; summary: string } | undefined {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!match) return undefined;
  const bumps = new Map<string, string>();
  for (const line of (match[1] ?? '').split('\n')) {
    if (line.trim() === '') continue;
    // YAML: the name in double quotes, single quotes or none.
    const bump = /^(["']?)(@?[\w./-]+)\1: (major|minor|patch)$/.exec(line);
    if (!bump) return undefined;
    bumps.set(bump[2] as string, bump[3] as string);
  }
  return { bumps, summary: (match[2] ?? '').trim() };
}

describe('changesets', () => {
  it('each name workspace packages with a bump, and say what changed', async () => {
    const names = await workspaceNames();
    const files = (await readdir(folder)).filter((f) => f.endsWith('.md') && f !== 'README.md');
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const file of files) {
      const parsed = parse(await readFile(join(folder, file), 'utf8'));
      if (!parsed) {
        problems.push(`${file}: no "---" front matter of "package": bump lines`);
        continue;
      }
      if (parsed.bumps.size === 0) problems.push(`${file}: names no package`);
      if (parsed.summary === '') problems.push(`${file}: has no summary`);
      for (const name of parsed.bumps.keys()) {
        if (!names.has(name)) problems.push(`${file}: ${name} is not a workspace package`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('refuses the shape a Markdown formatter makes of a one-package front matter', () => {
    expect(
      parse('---\n"@polydrive/core": patch\n---\n\nFixed.\n')?.bumps.get('@polydrive/core'),
    ).toBe('patch');
    expect(
      parse("---\n'@polydrive/core': minor\n---\n\nFixed.\n")?.bumps.get('@polydrive/core'),
    ).toBe('minor');
    expect(parse('---\n\n## "@polydrive/core": patch\n\nFixed.\n')).toBeUndefined();
  });
});
