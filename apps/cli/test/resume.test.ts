import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Workspace, waitFor, workspace } from './support/cli.js';
import { savedStates, uploadedPast } from './support/uploads.js';

const SIZE = 4 * 1024 * 1024;
const CHUNK = ['--chunk-size', '256K'];
// Slow enough that the test can interrupt it part way; the resumed run goes at full speed.
const SLOW = ['--bwlimit', '2M'];

let ws: Workspace;
let root: string;
let env: Record<string, string>;
let content: Buffer;
let source: string;

beforeEach(async () => {
  ws = await workspace();
  root = await ws.folder('root');
  env = { POLYDRIVE_REMOTE_DISK: `local://${root}` };
  content = randomBytes(SIZE);
  source = join(ws.dir, 'big.bin');
  await writeFile(source, content);
});
afterEach(async () => {
  await ws.remove();
});

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('interrupted uploads', () => {
  it('a killed put resumes when run again, with identical bytes', async () => {
    const first = ws.start(['put', source, 'disk:/big.bin', ...CHUNK, ...SLOW], env);
    await uploadedPast(ws, first, 512 * 1024);
    first.child.kill('SIGKILL');
    await first.done;
    expect(await exists(join(root, 'big.bin'))).toBe(false);

    const again = await ws.run(['--json', 'put', source, 'disk:/big.bin', ...CHUNK], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Resuming the interrupted upload to disk:/big.bin at byte');
    const [copied] = JSON.parse(again.stdout).copied;
    expect(copied.resumedFrom).toBeGreaterThanOrEqual(512 * 1024);
    expect(copied.resumedFrom).toBeLessThan(SIZE);
    expect((await readFile(join(root, 'big.bin'))).equals(content)).toBe(true);
    expect(await savedStates(ws)).toEqual([]);
    expect(await readdir(join(root, '.polydrive-staging'))).toEqual([]);
  });

  it('Ctrl-C stops a put with exit 130, leaves no file at the target, and it resumes', async () => {
    const first = ws.start(['put', source, 'disk:/big.bin', ...CHUNK, ...SLOW], env);
    await uploadedPast(ws, first, 256 * 1024);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('Cancelled: Interrupted.');
    expect(stopped.stderr).toContain('run the same command again to resume');
    expect(await exists(join(root, 'big.bin'))).toBe(false);
    expect(await savedStates(ws)).toHaveLength(1);

    const again = await ws.run(['put', source, 'disk:/big.bin', ...CHUNK], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Resuming the interrupted upload');
    expect((await readFile(join(root, 'big.bin'))).equals(content)).toBe(true);
  });

  it('starts over, and says so, when the source changed since the interruption', async () => {
    const first = ws.start(['put', source, 'disk:/big.bin', ...CHUNK, ...SLOW], env);
    await uploadedPast(ws, first, 256 * 1024);
    first.child.kill('SIGKILL');
    await first.done;

    const changed = randomBytes(SIZE);
    await writeFile(source, changed);
    const again = await ws.run(['put', source, 'disk:/big.bin', ...CHUNK], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('The source changed since the upload was interrupted');
    expect(again.stderr).not.toContain('Resuming');
    expect((await readFile(join(root, 'big.bin'))).equals(changed)).toBe(true);
    expect(await savedStates(ws)).toEqual([]);
  });

  it('starts over when the bytes changed but size and time look the same', async () => {
    const before = await stat(source);
    const first = ws.start(['put', source, 'disk:/big.bin', ...CHUNK, ...SLOW], env);
    await uploadedPast(ws, first, 256 * 1024);
    first.child.kill('SIGKILL');
    await first.done;

    // Same size and modification time: only core's check of the uploaded prefix can tell.
    const changed = randomBytes(SIZE);
    await writeFile(source, changed);
    await utimes(source, before.atime, before.mtime);
    const again = await ws.run(['put', source, 'disk:/big.bin', ...CHUNK], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Resuming the interrupted upload');
    expect(again.stderr).toContain('The upload cannot resume');
    expect((await readFile(join(root, 'big.bin'))).equals(changed)).toBe(true);
  });

  it('an interrupted cross-remote cp resumes too', async () => {
    const other = await ws.folder('other');
    const both = { ...env, POLYDRIVE_REMOTE_OTHER: `local://${other}` };
    await writeFile(join(root, 'big.bin'), content);
    const first = ws.start(['cp', 'disk:/big.bin', 'other:/copy.bin', ...CHUNK, ...SLOW], both);
    await uploadedPast(ws, first, 256 * 1024);
    first.child.kill('SIGKILL');
    await first.done;

    const again = await ws.run(['cp', 'disk:/big.bin', 'other:/copy.bin', ...CHUNK], both);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Resuming the interrupted upload to other:/copy.bin');
    expect((await readFile(join(other, 'copy.bin'))).equals(content)).toBe(true);
  });
});

describe('interrupted downloads', () => {
  it('Ctrl-C during get leaves neither the file nor a partial one', async () => {
    await writeFile(join(root, 'big.bin'), content);
    const down = await ws.folder('down');
    const running = ws.start(['get', 'disk:/big.bin', down, ...SLOW], env);
    await waitFor(async () => {
      if (running.child.exitCode !== null) throw new Error(running.stderr());
      const names = await readdir(down);
      return names.some((n) => n.endsWith('.polydrive-part')) ? true : undefined;
    }, 'a partial download');
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(130);
    expect(await readdir(down)).toEqual([]);
  });
});
