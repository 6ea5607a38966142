import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Workspace, workspace } from './support/cli.js';

let ws: Workspace;
let left: string;
let right: string;
let env: Record<string, string>;

beforeEach(async () => {
  ws = await workspace();
  left = await ws.folder('left');
  right = await ws.folder('right');
  env = { POLYDRIVE_REMOTE_LEFT: `local://${left}`, POLYDRIVE_REMOTE_RIGHT: `local://${right}` };
});
afterEach(async () => {
  await ws.remove();
});

describe('across remotes', () => {
  it('cp streams a file between two remotes with identical bytes', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 17);
    await writeFile(join(left, 'data.bin'), content);
    const result = await ws.run(
      ['--json', 'cp', 'left:/data.bin', 'right:/', '--chunk-size', '1M'],
      env,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).copied).toEqual([
      {
        kind: 'file',
        source: 'left:/data.bin',
        destination: 'right:/data.bin',
        size: content.length,
      },
    ]);
    expect((await readFile(join(right, 'data.bin'))).equals(content)).toBe(true);
  });

  it('cp -r copies a folder tree, merging into an existing folder', async () => {
    await mkdir(join(left, 'tree', 'sub'), { recursive: true });
    await writeFile(join(left, 'tree', 'one.txt'), 'one');
    await writeFile(join(left, 'tree', 'sub', 'two.txt'), 'two');
    await mkdir(join(right, 'tree'));
    await writeFile(join(right, 'tree', 'kept.txt'), 'kept');
    expect((await ws.run(['cp', '-r', 'left:/tree', 'right:/'], env)).code).toBe(0);
    const listing = await ws.run(['ls', '-R', 'right:/tree'], env);
    expect(listing.stdout).toBe('kept.txt\none.txt\nsub/\nsub/two.txt\n');
    expect(await readFile(join(right, 'tree', 'sub', 'two.txt'), 'utf8')).toBe('two');
  });

  it('cp -r of a whole remote copies its content into the other root', async () => {
    await mkdir(join(left, 'sub'));
    await writeFile(join(left, 'sub', 'x.txt'), 'x');
    await writeFile(join(left, 'y.txt'), 'y');
    expect((await ws.run(['cp', '-r', 'left:', 'right:'], env)).code).toBe(0);
    expect((await ws.run(['ls', '-R', 'right:'], env)).stdout).toBe('sub/\ny.txt\nsub/x.txt\n');
  });

  it('mv moves across remotes: the copy first, then the source goes', async () => {
    await writeFile(join(left, 'moving.txt'), 'moving');
    const result = await ws.run(['mv', 'left:/moving.txt', 'right:/moved.txt'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Moved 1 file (6 B) to right:/moved.txt.');
    expect(await readFile(join(right, 'moved.txt'), 'utf8')).toBe('moving');
    expect(await readdir(left)).not.toContain('moving.txt');
  });

  it('copies between a remote and a local folder, both ways', async () => {
    const local = await ws.folder('local');
    await writeFile(join(local, 'in.txt'), 'from disk');
    expect((await ws.run(['cp', join(local, 'in.txt'), 'left:/in.txt'], env)).code).toBe(0);
    expect((await ws.run(['cp', 'left:/in.txt', join(local, 'out.txt')], env)).code).toBe(0);
    expect(await readFile(join(local, 'out.txt'), 'utf8')).toBe('from disk');
  });
});
