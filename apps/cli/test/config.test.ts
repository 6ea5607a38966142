import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Workspace, workspace } from './support/cli.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(async () => {
  await ws.remove();
});

describe('polydrive config', () => {
  it('adds, lists and removes remotes in a private config file', async () => {
    const root = await ws.folder('root');
    const added = await ws.run(['config', 'add', 'Disk', 'local', `root=${root}`]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Added remote disk (local)');

    const file = join(ws.configDir, 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 1,
      remotes: { disk: { type: 'local', options: { root } } },
    });

    const listed = await ws.run(['config', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: 'disk', type: 'local', source: 'file', options: { root } },
    ]);

    const removed = await ws.run(['config', 'remove', 'disk']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8')).remotes).toEqual({});
    expect(JSON.parse((await ws.run(['config', 'list', '--json'])).stdout)).toEqual([]);
  });

  it('masks credentials in the list, from the file and from the environment', async () => {
    await ws.run(['config', 'add', 'work', 'onedrive', 'clientId=app-1', 'clientSecret=hunter2']);
    const env = { POLYDRIVE_REMOTE_TOKENED: 'onedrive:?clientId=app-2&accessToken=eyJsecret' };
    const plain = await ws.run(['config', 'list'], env);
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('hunter2');
    expect(plain.stdout).not.toContain('eyJsecret');
    expect(plain.stdout).toMatch(/work\s+onedrive\s+file\s+clientId=app-1 clientSecret=\*{8}/);
    expect(plain.stdout).toMatch(/tokened\s+onedrive\s+env\s+clientId=app-2 accessToken=\*{8}/);
    const json = JSON.parse((await ws.run(['config', 'list', '--json'], env)).stdout);
    expect(json).toContainEqual({
      name: 'work',
      type: 'onedrive',
      source: 'file',
      options: { clientId: 'app-1', clientSecret: '********' },
    });
  });

  it('lets an environment remote override a file remote of the same name', async () => {
    const a = await ws.folder('a');
    const b = await ws.folder('b');
    await writeFile(join(b, 'from-env.txt'), 'env');
    await ws.run(['config', 'add', 'disk', 'local', `root=${a}`]);
    const result = await ws.run(['ls', 'disk:'], { POLYDRIVE_REMOTE_DISK: `local://${b}` });
    expect(result.stdout).toBe('from-env.txt\n');
    const listed = JSON.parse(
      (await ws.run(['config', 'list', '--json'], { POLYDRIVE_REMOTE_DISK: `local://${b}` }))
        .stdout,
    );
    expect(listed).toEqual([{ name: 'disk', type: 'local', source: 'env', options: { root: b } }]);
  });

  it('accepts a drive URI as the type', async () => {
    const root = await ws.folder('root');
    expect((await ws.run(['config', 'add', 'disk', `local://${root}`])).code).toBe(0);
    const listed = JSON.parse((await ws.run(['config', 'list', '--json'])).stdout);
    expect(listed[0]).toMatchObject({ type: 'local', options: { root } });
  });

  it('refuses a taken name unless --replace, a bad name, an unknown type and bad options', async () => {
    const root = await ws.folder('root');
    await ws.run(['config', 'add', 'disk', 'local', `root=${root}`]);
    const taken = await ws.run(['config', 'add', 'disk', 'memory']);
    expect(taken.code).toBe(4);
    expect(taken.stderr).toContain('--replace');
    expect((await ws.run(['config', 'add', 'disk', 'memory', '--replace'])).code).toBe(0);

    const badName = await ws.run(['config', 'add', 'no/slash', 'memory']);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('not a valid remote name');

    const unknown = await ws.run(['config', 'add', 'x', 'ftp']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown provider "ftp"');

    const badOption = await ws.run(['config', 'add', 'x', 'local', 'novalue']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('key=value');
  });

  it('explains that an environment remote is removed by unsetting it', async () => {
    const result = await ws.run(['config', 'remove', 'envonly'], {
      POLYDRIVE_REMOTE_ENVONLY: 'memory:',
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('POLYDRIVE_REMOTE_ENVONLY');
  });

  it('reports a damaged config file with its path and what to do', async () => {
    await ws.folder('config');
    await writeFile(join(ws.configDir, 'config.json'), '{ not json');
    const result = await ws.run(['ls', 'disk:']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(ws.configDir, 'config.json'));
    expect(result.stderr).toContain('not valid JSON');
  });
});
