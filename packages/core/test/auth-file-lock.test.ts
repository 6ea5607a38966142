import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../src/auth/file-lock.js';
import { FileTokenStore } from '../src/auth/index.js';
import { PolydriveError } from '../src/errors/index.js';

const FAST = { retryDelayMs: 1, maxRetryDelayMs: 5 };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'polydrive-auth-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lockContent(pid: number, createdAt: number): string {
  return JSON.stringify({ pid, hostname: hostname(), createdAt, nonce: randomUUID() });
}

describe('withFileLock', () => {
  it('excludes holders of the same lock file and releases it afterwards', async () => {
    const lockPath = join(dir, 'x.lock');
    let active = 0;
    let maxActive = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withFileLock(
          lockPath,
          async () => {
            active++;
            maxActive = Math.max(maxActive, active);
            await sleep(2);
            active--;
          },
          FAST,
        ),
      ),
    );
    expect(maxActive).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lock not renewed for staleMs', async () => {
    const lockPath = join(dir, 'x.lock');
    await writeFile(lockPath, lockContent(process.pid, Date.now() - 60_000));
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockPath, minuteAgo, minuteAgo);
    expect(await withFileLock(lockPath, async () => 'ran', { ...FAST, staleMs: 1_000 })).toBe(
      'ran',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a fresh lock at once when its process on this host is dead', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    expect(dead).toBeGreaterThan(0);
    const lockPath = join(dir, 'x.lock');
    await writeFile(lockPath, lockContent(dead as number, Date.now()));
    expect(await withFileLock(lockPath, async () => 'ran', { ...FAST, staleMs: 3_600_000 })).toBe(
      'ran',
    );
  });

  it("keeps a live holder's lock fresh, so a waiter does not take it over after staleMs", async () => {
    const lockPath = join(dir, 'x.lock');
    const options = { ...FAST, staleMs: 200 };
    const log: string[] = [];
    let entered!: () => void;
    const holding = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const holder = withFileLock(
      lockPath,
      async () => {
        log.push('holder in');
        entered();
        // A slow refresh: the lock is held well past staleMs.
        await sleep(3 * options.staleMs);
        log.push('holder out');
      },
      options,
    );
    await holding;
    const waiter = withFileLock(lockPath, async () => log.push('waiter in'), options);
    await Promise.all([holder, waiter]);
    expect(log).toEqual(['holder in', 'holder out', 'waiter in']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over the lock of a holder on another host that stopped renewing it', async () => {
    const lockPath = join(dir, 'x.lock');
    const abandoned = JSON.stringify({
      pid: process.pid,
      hostname: `not-${hostname()}`,
      createdAt: Date.now(),
      nonce: randomUUID(),
    });
    await writeFile(lockPath, abandoned);
    expect(await withFileLock(lockPath, async () => 'ran', { ...FAST, staleMs: 50 })).toBe('ran');
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits for a live holder and gives up with Transient after timeoutMs', async () => {
    const lockPath = join(dir, 'x.lock');
    const held = lockContent(process.pid, Date.now());
    await writeFile(lockPath, held);
    let ran = false;
    const err = await withFileLock(
      lockPath,
      async () => {
        ran = true;
      },
      { ...FAST, staleMs: 3_600_000, timeoutMs: 30 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PolydriveError);
    expect((err as PolydriveError).code).toBe('Transient');
    expect((err as PolydriveError).retryable).toBe(true);
    expect(ran).toBe(false);
    expect(await readFile(lockPath, 'utf8')).toBe(held);
  });

  it('does not delete a lock that another holder took over meanwhile', async () => {
    const lockPath = join(dir, 'x.lock');
    const usurper = lockContent(process.pid, Date.now());
    await withFileLock(lockPath, async () => {
      await writeFile(lockPath, usurper);
    });
    expect(await readFile(lockPath, 'utf8')).toBe(usurper);
  });
});

describe('FileTokenStore.withLock', () => {
  it('excludes two store instances on the same file', async () => {
    const path = join(dir, 'tokens.json');
    const stores = [
      new FileTokenStore({ path, lock: FAST }),
      new FileTokenStore({ path, lock: FAST }),
    ];
    let active = 0;
    let maxActive = 0;
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        stores[i % 2]?.withLock('acct', async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await sleep(2);
          active--;
        }),
      ),
    );
    expect(maxActive).toBe(1);
  });

  it('locks per key, so holders of different keys do not wait for each other', async () => {
    const store = new FileTokenStore({ path: join(dir, 'tokens.json'), lock: FAST });
    const order: string[] = [];
    await store.withLock('a', async () => {
      await store.withLock('b', async () => {
        order.push('b');
      });
      order.push('a');
    });
    expect(order).toEqual(['b', 'a']);
  });
});

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

// Child processes run plain Node, so they get the modules the token store uses transpiled to JS.
async function transpileForChildren(out: string): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'package.json'), '{"type":"module"}');
  for (const folder of ['auth', 'concurrency', 'errors']) {
    await mkdir(join(out, folder), { recursive: true });
    for (const file of await readdir(join(SRC, folder))) {
      const source = await readFile(join(SRC, folder, file), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        fileName: file,
      });
      await writeFile(join(out, folder, `${basename(file, '.ts')}.js`), outputText);
    }
  }
}

const CHILD = `
import { appendFileSync } from 'node:fs';
import { FileTokenStore } from './auth/file-token-store.js';
const [path, log, name] = process.argv.slice(1);
const store = new FileTokenStore({ path, lock: { retryDelayMs: 1, maxRetryDelayMs: 5 } });
for (let i = 0; i < 5; i++) {
  await store.withLock('acct', async () => {
    appendFileSync(log, name + ' in\\n');
    await new Promise((r) => setTimeout(r, 3));
    appendFileSync(log, name + ' out\\n');
  });
  await store.set(name + '-' + i, 'value ' + i);
}
`;

describe('FileTokenStore across processes', () => {
  it('two child processes exclude each other in withLock and keep each other keys', async () => {
    const out = join(dir, 'js');
    await transpileForChildren(out);
    const path = join(dir, 'store', 'tokens.json');
    const log = join(dir, 'lock.log');
    const run = (name: string) =>
      promisify(execFile)(process.execPath, ['--input-type=module', '-e', CHILD, path, log, name], {
        cwd: out,
        timeout: 20_000,
      });
    await Promise.all([run('p1'), run('p2')]);

    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(20);
    for (let i = 0; i < lines.length; i += 2) {
      const holder = lines[i]?.split(' ')[0];
      expect([lines[i], lines[i + 1]]).toEqual([`${holder} in`, `${holder} out`]);
    }
    const reader = new FileTokenStore({ path });
    for (const name of ['p1', 'p2']) {
      for (let i = 0; i < 5; i++) expect(await reader.get(`${name}-${i}`)).toBe(`value ${i}`);
    }
    expect((await readdir(dirname(path))).sort()).toEqual(['token.key', 'tokens.json']);
  }, 30_000);
});
