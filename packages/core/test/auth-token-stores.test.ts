import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTokenStore, MemoryTokenStore, type TokenStore } from '../src/auth/index.js';
import { PolydriveError } from '../src/errors/index.js';

const SECRET = 'ya29.super-secret-access-token-value';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'polydrive-auth-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<PolydriveError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PolydriveError);
  return err as PolydriveError;
}

function errorOf(fn: () => unknown): PolydriveError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PolydriveError);
    return err as PolydriveError;
  }
  throw new Error('expected a throw');
}

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe.each([
  ['MemoryTokenStore', (): TokenStore => new MemoryTokenStore()],
  ['FileTokenStore', (): TokenStore => new FileTokenStore({ path: join(dir, 'tokens.json') })],
])('%s', (_name, make) => {
  it('round-trips values, overwrites and deletes', async () => {
    const store = make();
    expect(await store.get('a')).toBeUndefined();
    await store.set('a', SECRET);
    await store.set('b', '{"accessToken":"x"}');
    expect(await store.get('a')).toBe(SECRET);
    await store.set('a', 'second');
    expect(await store.get('a')).toBe('second');
    await store.delete('a');
    await store.delete('never-set');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toBe('{"accessToken":"x"}');
  });

  it('keeps keys that look like object internals as ordinary entries', async () => {
    const store = make();
    await store.set('__proto__', 'p');
    await store.set('constructor', 'c');
    expect(await store.get('__proto__')).toBe('p');
    expect(await store.get('constructor')).toBe('c');
    expect(await store.get('toString')).toBeUndefined();
  });

  it('withLock runs one holder at a time per key and releases after a throw', async () => {
    const store = make();
    let active = 0;
    let maxActive = 0;
    const hold = () =>
      store.withLock?.('acct', async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 2));
        active--;
      });
    await expect(
      store.withLock?.('acct', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await Promise.all(Array.from({ length: 6 }, hold));
    expect(maxActive).toBe(1);
    expect(await store.withLock?.('acct', async () => 42)).toBe(42);
  });
});

describe('FileTokenStore encryption at rest', () => {
  it('never writes the value in clear, and uses a fresh IV per write', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore({ path });
    await store.set('acct', SECRET);
    const first = await readFile(path, 'utf8');
    expect(first).not.toContain(SECRET);
    expect(first).not.toContain(Buffer.from(SECRET).toString('base64'));
    const entry = JSON.parse(first).entries.acct;
    expect(Object.keys(entry).sort()).toEqual(['ciphertext', 'iv', 'tag']);
    expect(Buffer.from(entry.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(entry.tag, 'base64')).toHaveLength(16);
    await store.set('acct', SECRET);
    const second = JSON.parse(await readFile(path, 'utf8')).entries.acct;
    expect(second.iv).not.toBe(entry.iv);
    expect(second.ciphertext).not.toBe(entry.ciphertext);
  });

  it('creates the folder 0700 and the token and key files 0600', async () => {
    const folder = join(dir, 'nested', 'polydrive');
    const store = new FileTokenStore({ path: join(folder, 'tokens.json') });
    await store.set('acct', SECRET);
    expect(await mode(folder)).toBe(0o700);
    expect(await mode(join(folder, 'tokens.json'))).toBe(0o600);
    expect(await mode(join(folder, 'token.key'))).toBe(0o600);
    expect(
      Buffer.from((await readFile(join(folder, 'token.key'), 'utf8')).trim(), 'base64'),
    ).toHaveLength(32);
  });

  it('defaults to $XDG_CONFIG_HOME/polydrive and ignores a relative XDG_CONFIG_HOME', async () => {
    const store = new FileTokenStore({ env: { XDG_CONFIG_HOME: dir } });
    expect(store.path).toBe(join(dir, 'polydrive', 'tokens.json'));
    expect(store.keyPath).toBe(join(dir, 'polydrive', 'token.key'));
    await store.set('acct', SECRET);
    expect(await readdir(join(dir, 'polydrive'))).toEqual(['token.key', 'tokens.json']);
    const relative = new FileTokenStore({ env: { XDG_CONFIG_HOME: 'relative/dir' } });
    expect(relative.path).toMatch(/[/\\]\.config[/\\]polydrive[/\\]tokens\.json$/);
  });

  it('creates the key file on first write only, and a second store reads with it', async () => {
    const path = join(dir, 'tokens.json');
    const keyPath = join(dir, 'keys', 'my.key');
    const store = new FileTokenStore({ path, keyPath });
    expect(await store.get('acct')).toBeUndefined();
    await expect(stat(keyPath)).rejects.toThrow();
    await store.set('acct', SECRET);
    expect(await new FileTokenStore({ path, keyPath }).get('acct')).toBe(SECRET);
  });

  it('takes the key from POLYDRIVE_TOKEN_KEY as base64 or hex, without a key file', async () => {
    const key = randomBytes(32);
    const path = join(dir, 'tokens.json');
    const viaBase64 = new FileTokenStore({
      path,
      env: { POLYDRIVE_TOKEN_KEY: key.toString('base64') },
    });
    await viaBase64.set('acct', SECRET);
    const viaHex = new FileTokenStore({ path, env: { POLYDRIVE_TOKEN_KEY: key.toString('hex') } });
    expect(await viaHex.get('acct')).toBe(SECRET);
    const viaOption = new FileTokenStore({ path, key: new Uint8Array(key) });
    expect(await viaOption.get('acct')).toBe(SECRET);
    const urlSafe = new FileTokenStore({ path, key: `${key.toString('base64url')}\n` });
    expect(await urlSafe.get('acct')).toBe(SECRET);
    expect(await readdir(dir)).toEqual(['tokens.json']);
  });

  it.each([
    ['too short', randomBytes(16).toString('base64')],
    ['too long', randomBytes(33).toString('hex')],
    ['not base64 nor hex', 'correct horse battery staple, not a key at all!'],
  ])('rejects a POLYDRIVE_TOKEN_KEY that is %s, without echoing it', (_why, bad) => {
    const err = errorOf(
      () => new FileTokenStore({ path: join(dir, 't.json'), env: { POLYDRIVE_TOKEN_KEY: bad } }),
    );
    expect(err.code).toBe('InvalidArgument');
    expect(err.message).toContain('POLYDRIVE_TOKEN_KEY');
    expect(err.message).not.toContain(bad);
  });

  it('rejects a key option of the wrong length', () => {
    expect(errorOf(() => new FileTokenStore({ key: new Uint8Array(31) })).code).toBe(
      'InvalidArgument',
    );
  });
});

describe('FileTokenStore failures', () => {
  it('reports a wrong key as Unauthenticated with advice and no secret', async () => {
    const path = join(dir, 'tokens.json');
    const right = randomBytes(32).toString('base64');
    const wrong = randomBytes(32).toString('base64');
    await new FileTokenStore({ path, env: { POLYDRIVE_TOKEN_KEY: right } }).set('acct', SECRET);
    const err = await rejection(
      new FileTokenStore({ path, env: { POLYDRIVE_TOKEN_KEY: wrong } }).get('acct'),
    );
    expect(err.code).toBe('Unauthenticated');
    expect(err.message).toContain('POLYDRIVE_TOKEN_KEY');
    expect(err.message).toMatch(/log in again/);
    for (const secret of [SECRET, right, wrong]) expect(err.message).not.toContain(secret);
    expect(err.cause).toBeUndefined();
  });

  it('reports a replaced or missing key file as Unauthenticated', async () => {
    const path = join(dir, 'tokens.json');
    await new FileTokenStore({ path }).set('acct', SECRET);
    await writeFile(join(dir, 'token.key'), randomBytes(32).toString('base64'));
    expect((await rejection(new FileTokenStore({ path }).get('acct'))).code).toBe(
      'Unauthenticated',
    );
    await rm(join(dir, 'token.key'));
    const missing = await rejection(new FileTokenStore({ path }).get('acct'));
    expect(missing.code).toBe('Unauthenticated');
    expect(missing.message).toContain('token.key');
  });

  it('rejects a key file that holds no key with InvalidArgument', async () => {
    const path = join(dir, 'tokens.json');
    await writeFile(join(dir, 'token.key'), 'not a key');
    const err = await rejection(new FileTokenStore({ path }).set('acct', SECRET));
    expect(err.code).toBe('InvalidArgument');
  });

  it('detects a tampered ciphertext, tag or a value moved to another entry', async () => {
    const path = join(dir, 'tokens.json');
    const key = randomBytes(32);
    const store = new FileTokenStore({ path, key });
    await store.set('a', SECRET);
    await store.set('b', 'other');
    const pristine = JSON.parse(await readFile(path, 'utf8'));

    const flipped = structuredClone(pristine);
    const bytes = Buffer.from(flipped.entries.a.ciphertext, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    flipped.entries.a.ciphertext = bytes.toString('base64');
    await writeFile(path, JSON.stringify(flipped));
    expect((await rejection(store.get('a'))).code).toBe('Unauthenticated');
    expect(await store.get('b')).toBe('other');

    const badTag = structuredClone(pristine);
    badTag.entries.a.tag = Buffer.alloc(16).toString('base64');
    await writeFile(path, JSON.stringify(badTag));
    expect((await rejection(store.get('a'))).code).toBe('Unauthenticated');

    const moved = structuredClone(pristine);
    moved.entries.b = pristine.entries.a;
    await writeFile(path, JSON.stringify(moved));
    expect((await rejection(store.get('b'))).code).toBe('Unauthenticated');
  });

  it('reports a file that is not a token file as Unauthenticated, advising to delete it', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore({ path, key: randomBytes(32) });
    for (const garbage of ['{not json', '[]', '{"version":1,"entries":{"a":{"iv":1}}}']) {
      await writeFile(path, garbage);
      const err = await rejection(store.get('a'));
      expect(err.code).toBe('Unauthenticated');
      expect(err.message).toMatch(/Delete it/);
      expect((await rejection(store.set('a', SECRET))).code).toBe('Unauthenticated');
    }
  });
});

describe('FileTokenStore writers', () => {
  it('writes atomically: no temp or lock files are left behind', async () => {
    const path = join(dir, 'tokens.json');
    const store = new FileTokenStore({ path });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    await store.delete('k0');
    await store.withLock('k1', async () => undefined);
    expect((await readdir(dir)).sort()).toEqual(['token.key', 'tokens.json']);
  });

  it('keeps every key when two instances write different keys concurrently', async () => {
    const path = join(dir, 'tokens.json');
    const lock = { retryDelayMs: 1, maxRetryDelayMs: 5 };
    const a = new FileTokenStore({ path, lock });
    const b = new FileTokenStore({ path, lock });
    await Promise.all(
      Array.from({ length: 15 }, (_, i) => [
        a.set(`a${i}`, `A${i}`),
        b.set(`b${i}`, `B${i}`),
      ]).flat(),
    );
    const reader = new FileTokenStore({ path });
    for (let i = 0; i < 15; i++) {
      expect(await reader.get(`a${i}`)).toBe(`A${i}`);
      expect(await reader.get(`b${i}`)).toBe(`B${i}`);
    }
  });
});
