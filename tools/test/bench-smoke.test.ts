import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../bench/providers/index.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

interface Row {
  provider: string;
  scenario: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  peakRssMiB: number;
}

let dir: string;
let stdout: string;
let rows: Row[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-smoke-'));
  const json = join(dir, 'rows.json');
  ({ stdout } = await run(process.execPath, ['bench/run.mjs', '--quick', '--json', json], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  }));
  rows = JSON.parse(await readFile(json, 'utf8')) as Row[];
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run bench -- --quick', () => {
  it('measures every provider in every scenario', () => {
    const names = PROVIDERS.map((provider: { name: string }) => provider.name);
    expect(new Set(rows.map((row) => row.provider))).toEqual(new Set(names));
    for (const name of names) {
      const scenarios = rows.filter((row) => row.provider === name).map((row) => row.scenario);
      expect(scenarios, name).toEqual([
        'large file up',
        'large file down',
        '64 small files up (x8)',
        'list 600 entries',
      ]);
    }
  });

  it('writes rows with a value, a baseline, their ratio and the peak RSS', () => {
    for (const row of rows) {
      expect(row.value, `${row.provider} ${row.scenario}`).toBeGreaterThan(0);
      expect(row.baseline).toBeGreaterThan(0);
      expect(row.ratio).toBeGreaterThan(0);
      expect(row.peakRssMiB).toBeGreaterThan(0);
      expect(['MiB/s', 'files/s', 'entries/s']).toContain(row.unit);
    }
  });

  it('prints the same rows as a Markdown table with the machine it ran on', () => {
    expect(stdout).toMatch(/^Machine: \d+ cores/m);
    expect(stdout).toContain('| provider | scenario');
    for (const row of rows) expect(stdout).toContain(`| ${row.provider}`);
  });
});
