import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDrives, runTour, type TourStep } from '../src/index.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('demo tour', () => {
  it('runs the same workflow on the local folder and memory, and transfers between them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pd-demo-'));
    dirs.push(dir);
    const drives = await connectDrives({ POLYDRIVE_REMOTE_SCRATCH: 'memory:' }, dir);
    expect([...drives.keys()]).toEqual(['local', 'memory', 'scratch']);
    const steps: TourStep[] = [];
    await runTour(drives, (s) => steps.push(s));
    expect(steps.filter((s) => s.step === 'error handling').map((s) => s.result)).toEqual([
      expect.stringMatching(/^NotFound/),
      expect.stringMatching(/^NotFound/),
      expect.stringMatching(/^NotFound/),
    ]);
    const [demoFolder] = await readdir(join(dir, 'polydrive-demo'));
    const onDisk = join(dir, 'polydrive-demo', demoFolder as string);
    expect(await readFile(join(onDisk, 'hello.txt'), 'utf8')).toBe(
      'Hello from Polydrive on local!\n',
    );
    expect((await readFile(join(onDisk, 'from-scratch.raw'))).byteLength).toBe(
      3 * 1024 * 1024 + 17,
    );
  });

  it('imports no provider package (it talks only to the unified interface)', async () => {
    for (const file of await readdir(new URL('../src', import.meta.url))) {
      const text = await readFile(new URL(`../src/${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(/@polydrive\/provider-/);
    }
  });
});
