import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Workspace, workspace } from './support/cli.js';

let ws: Workspace;
let root: string;
let env: Record<string, string>;

beforeEach(async () => {
  ws = await workspace();
  root = await ws.folder('root');
  env = { POLYDRIVE_REMOTE_DISK: `local://${root}` };
  await mkdir(join(root, 'docs', 'deep'), { recursive: true });
  await writeFile(join(root, 'docs', 'a.txt'), 'alpha\n');
  await writeFile(join(root, 'docs', 'deep', 'b.txt'), 'beta beta\n');
  await writeFile(join(root, 'top.txt'), 'top');
});
afterEach(async () => {
  await ws.remove();
});

const run = (...args: string[]) => ws.run(args, env);

describe('reading', () => {
  it('ls lists a folder; -l adds size and time; -R goes down; a file lists itself', async () => {
    expect((await run('ls', 'disk:')).stdout).toBe('docs/\ntop.txt\n');
    expect((await run('ls', 'disk:/docs', '-R')).stdout).toBe('a.txt\ndeep/\ndeep/b.txt\n');
    const long = (await run('ls', '-l', 'disk:/docs')).stdout.trim().split('\n');
    expect(long[0]).toMatch(/^6 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}a\.txt$/);
    expect(long[1]).toMatch(/^- {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}deep\/$/);
    expect((await run('ls', 'disk:/top.txt')).stdout).toBe('top.txt\n');
  });

  it('ls --json prints an array of entries with full paths', async () => {
    const result = await run('--json', 'ls', '-R', 'disk:/docs');
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(entries.map((e) => [e.path, e.kind, e.size])).toEqual([
      ['/docs/a.txt', 'file', 6],
      ['/docs/deep', 'folder', undefined],
      ['/docs/deep/b.txt', 'file', 10],
    ]);
    expect(JSON.parse((await run('ls', '--json', join(root, 'docs', 'deep'))).stdout)).toEqual([
      expect.objectContaining({ name: 'b.txt', path: join(root, 'docs', 'deep', 'b.txt') }),
    ]);
  });

  it('ls and stat take local paths too', async () => {
    expect((await run('ls', join(root, 'docs'))).stdout).toBe('a.txt\ndeep/\n');
    const stat = await run('stat', join(root, 'top.txt'));
    expect(stat.stdout).toMatch(new RegExp(`^path: +${join(root, 'top.txt')}$`, 'm'));
    expect(stat.stdout).toMatch(/size: +3 \(3 B\)/);
  });

  it('stat shows metadata, as text or JSON', async () => {
    const text = await run('stat', 'disk:/docs/a.txt');
    expect(text.stdout).toMatch(/^path: +disk:\/docs\/a\.txt$/m);
    expect(text.stdout).toMatch(/^kind: +file$/m);
    expect(text.stdout).toMatch(/^size: +6 \(6 B\)$/m);
    const one = JSON.parse((await run('stat', '--json', 'disk:/docs')).stdout);
    expect(one).toMatchObject({ kind: 'folder', path: 'disk:/docs', name: 'docs' });
    const two = JSON.parse((await run('stat', '--json', 'disk:/top.txt', 'disk:/docs')).stdout);
    expect(two.map((e: { kind: string }) => e.kind)).toEqual(['file', 'folder']);
  });

  it('cat writes bytes to stdout, from remotes and local files', async () => {
    expect((await run('cat', 'disk:/docs/a.txt', 'disk:/top.txt')).stdout).toBe('alpha\ntop');
    expect((await run('cat', join(root, 'docs', 'deep', 'b.txt'))).stdout).toBe('beta beta\n');
  });

  it('search finds names within a remote', async () => {
    const result = await run('search', 'disk:', 'b.txt');
    expect(result.stdout).toBe('disk:/docs/deep/b.txt\n');
    const json = JSON.parse((await run('--json', 'search', 'disk:/docs', 'a.')).stdout);
    expect(json).toEqual([expect.objectContaining({ path: '/docs/a.txt', remote: 'disk' })]);
  });
});

describe('writing', () => {
  it('put uploads into a folder or to a name; get downloads to a folder or a file', async () => {
    const local = await ws.folder('local');
    await writeFile(join(local, 'up.txt'), 'uploaded');
    expect((await run('put', join(local, 'up.txt'), 'disk:/docs')).code).toBe(0);
    expect(await readFile(join(root, 'docs', 'up.txt'), 'utf8')).toBe('uploaded');
    const named = await run('--json', 'put', join(local, 'up.txt'), 'disk:/renamed.txt');
    expect(JSON.parse(named.stdout)).toEqual({
      copied: [
        {
          kind: 'file',
          source: join(local, 'up.txt'),
          destination: 'disk:/renamed.txt',
          size: 8,
        },
      ],
    });

    const down = await ws.folder('down');
    expect((await run('get', 'disk:/docs/a.txt', down)).code).toBe(0);
    expect(await readFile(join(down, 'a.txt'), 'utf8')).toBe('alpha\n');
    expect((await run('get', 'disk:/top.txt', join(down, 'other.txt'))).code).toBe(0);
    expect(await readFile(join(down, 'other.txt'), 'utf8')).toBe('top');
    // With no local path, into the working folder.
    expect((await run('get', 'disk:/top.txt')).code).toBe(0);
    expect(await readFile(join(ws.dir, 'top.txt'), 'utf8')).toBe('top');
  });

  it('put -r and get -r copy folder trees', async () => {
    const down = await ws.folder('down');
    expect((await run('get', '-r', 'disk:/docs', down)).code).toBe(0);
    expect(await readFile(join(down, 'docs', 'deep', 'b.txt'), 'utf8')).toBe('beta beta\n');
    expect((await run('put', '-r', join(down, 'docs'), 'disk:/again')).code).toBe(0);
    expect((await run('ls', '-R', 'disk:/again')).stdout).toBe('a.txt\ndeep/\ndeep/b.txt\n');
  });

  it('put and get refuse the wrong kind of path, pointing to cp', async () => {
    const result = await run('put', 'disk:/top.txt', 'disk:/x.txt');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Use cp');
    expect((await run('get', join(root, 'top.txt'), 'x')).code).toBe(2);
  });

  it('mkdir makes folders (-p for parents); rm removes files, folders with -r', async () => {
    const withoutP = await run('mkdir', 'disk:/new/child');
    expect(withoutP.code).toBe(3);
    expect((await run('mkdir', '-p', 'disk:/new/child', join(ws.dir, 'loc', 'al'))).code).toBe(0);
    expect(await readdir(join(root, 'new'))).toEqual(['child']);
    expect(await readdir(join(ws.dir, 'loc'))).toEqual(['al']);
    expect((await run('mkdir', 'disk:/new')).code).toBe(4);

    const folder = await run('rm', 'disk:/docs');
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('Pass -r');
    const json = await run(
      '--json',
      'rm',
      'disk:/top.txt',
      '-r',
      'disk:/docs',
      join(ws.dir, 'loc'),
    );
    expect(JSON.parse(json.stdout)).toEqual({
      removed: ['disk:/top.txt', 'disk:/docs', join(ws.dir, 'loc')],
    });
    const left = await readdir(root);
    expect(left).not.toContain('docs');
    expect(left).not.toContain('top.txt');
    expect(await readdir(ws.dir)).not.toContain('loc');
    expect((await run('ls', 'disk:')).stdout).toBe('new/\n');
  });

  it('cp and mv work within a remote and between local paths', async () => {
    expect((await run('cp', 'disk:/docs/a.txt', 'disk:/copy.txt')).code).toBe(0);
    expect(await readFile(join(root, 'copy.txt'), 'utf8')).toBe('alpha\n');
    const noR = await run('cp', 'disk:/docs', 'disk:/docs2');
    expect(noR.code).toBe(2);
    expect(noR.stderr).toContain('Pass -r');
    expect((await run('cp', '-r', 'disk:/docs', 'disk:/docs2')).code).toBe(0);
    expect(await readFile(join(root, 'docs2', 'deep', 'b.txt'), 'utf8')).toBe('beta beta\n');
    expect((await run('mv', 'disk:/copy.txt', 'disk:/docs2/deep')).code).toBe(0);
    expect((await run('ls', 'disk:/docs2/deep')).stdout).toBe('b.txt\ncopy.txt\n');

    const a = join(ws.dir, 'a.txt');
    await writeFile(a, 'local');
    expect((await run('cp', a, join(ws.dir, 'b.txt'))).code).toBe(0);
    expect((await run('mv', join(ws.dir, 'b.txt'), join(ws.dir, 'c.txt'))).code).toBe(0);
    expect(await readFile(join(ws.dir, 'c.txt'), 'utf8')).toBe('local');
    expect((await readdir(ws.dir)).filter((n) => n.endsWith('.txt')).sort()).toEqual([
      'a.txt',
      'c.txt',
    ]);
  });

  it('refuses to copy a folder into itself', async () => {
    const result = await run('cp', '-r', 'disk:/docs', 'disk:/docs/deep');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('into itself');
  });
});

describe('errors', () => {
  it('a missing path exits 3 and says so', async () => {
    const remote = await run('cat', 'disk:/nope.txt');
    expect(remote.code).toBe(3);
    expect(remote.stderr).toMatch(/^polydrive: NotFound: .*nope\.txt/);
    expect(remote.stdout).toBe('');
    const local = await run('stat', join(ws.dir, 'nope'));
    expect(local.code).toBe(3);
    expect(local.stderr).toContain(`${join(ws.dir, 'nope')} does not exist`);
  });

  it('an unknown remote exits 2 and lists the known ones', async () => {
    const result = await run('ls', 'dsik:/');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('There is no remote named "dsik"');
    expect(result.stderr).toContain('Known remotes: disk');
    expect(result.stderr).toContain('POLYDRIVE_REMOTE_DSIK');
  });

  it('a bad remote definition exits 2 naming the variable', async () => {
    const result = await ws.run(['ls', 'disk:'], { POLYDRIVE_REMOTE_DISK: 'not a uri' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('POLYDRIVE_REMOTE_DISK');
  });

  it('a folder given to cat exits 2; a missing local root exits 3', async () => {
    expect((await run('cat', 'disk:/docs')).code).toBe(2);
    const gone = await ws.run(['ls', 'gone:'], {
      POLYDRIVE_REMOTE_GONE: `local://${join(ws.dir, 'missing')}`,
    });
    expect(gone.code).toBe(3);
  });

  it('what a provider cannot do exits 7: changes on a folder, login to a local remote', async () => {
    const changes = await run('changes', 'disk');
    expect(changes.code).toBe(7);
    const login = await run('login', 'disk');
    expect(login.code).toBe(7);
    expect(login.stderr).toContain('needs no sign-in');
  });

  it('command-line mistakes exit 2 with usage help', async () => {
    const unknown = await run('lss');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'lss'");
    const missing = await run('cp', 'disk:/a');
    expect(missing.code).toBe(2);
    const badSize = await run('put', 'x', 'disk:/x', '--chunk-size', 'lots');
    expect(badSize.code).toBe(2);
    expect(badSize.stderr).toContain('--chunk-size');
  });

  it('--json reports errors as one JSON object on stderr', async () => {
    const result = await run('--json', 'stat', 'disk:/nope');
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    const { error } = JSON.parse(result.stderr);
    expect(error).toMatchObject({ code: 'NotFound', provider: 'local', operation: 'stat' });
  });

  it('a memory remote works within one command', async () => {
    const result = await ws.run(['--json', 'ls', 'mem:'], { POLYDRIVE_REMOTE_MEM: 'memory:' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });
});
