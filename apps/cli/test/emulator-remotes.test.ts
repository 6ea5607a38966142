import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCli, type Workspace, waitFor, workspace } from './support/cli.js';

let ws: Workspace;
let emulator: RunningCli;
let env: Record<string, string>;

beforeAll(async () => {
  ws = await workspace();
  emulator = ws.start(['emulator', '--port', '0', '--json']);
  const first = await waitFor(() => {
    if (emulator.child.exitCode !== null) throw new Error(emulator.stderr());
    const line = emulator.stdout().split('\n')[0];
    return line && emulator.stdout().includes('\n') ? line : undefined;
  }, 'the emulator to start');
  const ready = JSON.parse(first) as { env: Record<string, string>; account: string };
  expect(ready.account).toBe('demo@example.com');
  const uri = ready.env.POLYDRIVE_REMOTE_ONEDRIVE;
  expect(uri).toMatch(/^onedrive:\?clientId=/);
  expect(ready.env.POLYDRIVE_REMOTE_GDRIVE).toMatch(/^gdrive:\?clientId=/);
  expect(ready.env.POLYDRIVE_REMOTE_DROPBOX).toMatch(/^dropbox:\?clientId=/);
  env = {
    POLYDRIVE_REMOTE_OD: uri as string,
    POLYDRIVE_REMOTE_GD: ready.env.POLYDRIVE_REMOTE_GDRIVE as string,
    POLYDRIVE_REMOTE_DB: ready.env.POLYDRIVE_REMOTE_DROPBOX as string,
    POLYDRIVE_REMOTE_DISK: `local://${ws.dir}`,
  };
});

afterAll(async () => {
  emulator.child.kill('SIGINT');
  const stopped = await emulator.done;
  await ws.remove();
  // Ctrl-C is how the emulator is meant to stop: a normal exit.
  expect(stopped.code).toBe(0);
  expect(stopped.stderr).toContain('Emulator stopped.');
});

const run = (...args: string[]) => ws.run(args, env);

/** Runs `polydrive login REMOTE` and answers the emulated consent page as a browser would. */
async function login(consent: 'accept' | 'deny', remote = 'od') {
  const cli = ws.start(['login', remote, '--port', '0', '--no-browser'], env);
  const url = await waitFor(() => {
    if (cli.child.exitCode !== null) throw new Error(cli.stderr());
    return /http:\/\/127\.0\.0\.1:\d+\/\S+\?\S+/.exec(cli.stderr())?.[0];
  }, 'the sign-in address');
  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('demo@example.com');
  const form = new URLSearchParams({ account: 'demo@example.com', consent });
  const answer = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
  expect(answer.status).toBe(302);
  const location = answer.headers.get('location') as string;
  expect(location).toMatch(/^http:\/\/localhost:\d+\/callback\?/);
  const callback = await fetch(location);
  return { callback, result: await cli.done };
}

describe('OneDrive through the emulator', () => {
  it('asks to sign in before anything else', async () => {
    const result = await run('ls', 'od:');
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('polydrive login od');
  });

  it('a refused consent ends the login with exit 5', async () => {
    const { callback, result } = await login('deny');
    expect(callback.status).toBe(400);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('The sign-in was refused.');
  });

  it('logs in through the consent page and keeps the tokens encrypted', async () => {
    const { callback, result } = await login('accept');
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain('Signed in');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Signed in to od as demo@example.com.\n');
    const tokens = join(ws.configDir, 'tokens.json');
    expect((await stat(tokens)).mode & 0o777).toBe(0o600);
    expect(await readFile(tokens, 'utf8')).not.toContain('demo@example.com');
  });

  it('lists and reads the demo files', async () => {
    expect((await run('ls', 'od:')).stdout).toBe('Documents/\nPhotos/\n');
    expect((await run('ls', '-R', 'od:/Documents')).stdout).toBe(
      'notes/\nreadme.txt\nnotes/ideas.md\n',
    );
    expect((await run('cat', 'od:/Documents/readme.txt')).stdout).toBe(
      'Hello from the Polydrive emulator.\n',
    );
  });

  it('puts (in a resumable session), gets back identical bytes, and copies across remotes', async () => {
    const content = randomBytes(1024 * 1024 + 5);
    await writeFile(join(ws.dir, 'up.bin'), content);
    const put = await run('put', join(ws.dir, 'up.bin'), 'od:/Documents/', '--chunk-size', '320K');
    expect(put.code).toBe(0);
    expect((await run('get', 'od:/Documents/up.bin', join(ws.dir, 'down.bin'))).code).toBe(0);
    expect((await readFile(join(ws.dir, 'down.bin'))).equals(content)).toBe(true);

    expect((await run('cp', 'disk:/up.bin', 'od:/Photos/copy.bin')).code).toBe(0);
    expect((await run('cp', 'od:/Photos/copy.bin', 'disk:/back.bin')).code).toBe(0);
    expect((await readFile(join(ws.dir, 'back.bin'))).equals(content)).toBe(true);
  });

  it('shows the account and quota', async () => {
    const about = JSON.parse((await run('--json', 'about', 'od')).stdout);
    expect(about).toMatchObject({ remote: 'od', provider: 'onedrive' });
    expect(about.owner.email).toBe('demo@example.com');
    expect(about.quota.total).toBeGreaterThan(0);
  });

  it('follows the change feed from a saved cursor', async () => {
    const start = await run('changes', 'od');
    expect(start.code).toBe(0);
    expect(start.stderr).toContain('Started following od');
    await writeFile(join(ws.dir, 'new.txt'), 'new');
    await run('put', join(ws.dir, 'new.txt'), 'od:/new.txt');
    const first = JSON.parse((await run('--json', 'changes', 'od')).stdout) as Array<{
      type: string;
      name?: string;
    }>;
    expect(first).toContainEqual(expect.objectContaining({ type: 'upsert', name: 'new.txt' }));
    const second = JSON.parse((await run('--json', 'changes', 'od')).stdout);
    expect(second).toEqual([]);
  });

  it('searches by name', async () => {
    const result = await run('--json', 'search', 'od:', 'ideas');
    expect(JSON.parse(result.stdout)).toContainEqual(
      expect.objectContaining({ name: 'ideas.md', remote: 'od' }),
    );
  });

  it('logs out: the remote asks to sign in again', async () => {
    const out = await run('logout', 'od');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Signed out of od');
    expect((await run('ls', 'od:')).code).toBe(5);
  });
});

describe('Google Drive and Dropbox through the same emulator', () => {
  it('signs in to both and copies a file OneDrive -> Google Drive -> Dropbox -> disk intact', {
    timeout: 120_000,
  }, async () => {
    for (const remote of ['od', 'gd', 'db']) {
      if (remote !== 'od' || (await run('ls', 'od:')).code !== 0) {
        const { result } = await login('accept', remote);
        expect(result.code, result.stderr).toBe(0);
      }
    }
    expect((await run('cat', 'gd:/Documents/readme.txt')).stdout).toBe(
      'Hello from the Polydrive emulator.\n',
    );
    const content = randomBytes(300 * 1024 + 3);
    await writeFile(join(ws.dir, 'relay.bin'), content);
    expect((await run('put', join(ws.dir, 'relay.bin'), 'od:/relay.bin')).code).toBe(0);
    expect((await run('cp', 'od:/relay.bin', 'gd:/relay.bin')).code).toBe(0);
    expect((await run('cp', 'gd:/relay.bin', 'db:/relay.bin')).code).toBe(0);
    expect((await run('cp', 'db:/relay.bin', 'disk:/relay-back.bin')).code).toBe(0);
    expect((await readFile(join(ws.dir, 'relay-back.bin'))).equals(content)).toBe(true);
  });
});
