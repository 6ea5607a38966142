import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FileTokenStore,
  MemoryTokenStore,
  TokenManager,
  type TokenManagerOptions,
  type TokenSet,
  type TokenStore,
} from '../src/auth/index.js';
import { PolydriveError } from '../src/errors/index.js';

const NOW = 1_700_000_000_000;
const MINUTE = 60_000;
const KEY = 'gdrive:alice';

const fresh: TokenSet = { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: NOW + 60 * MINUTE };
const expiring: TokenSet = { ...fresh, expiresAt: NOW + 4 * MINUTE };

interface Harness {
  manager: TokenManager;
  store: TokenStore;
  calls: TokenSet[];
}

async function harness(
  initial: TokenSet | undefined,
  answer: (current: TokenSet, call: number) => Promise<TokenSet> | TokenSet,
  options: Partial<TokenManagerOptions> = {},
): Promise<Harness> {
  const store = options.store ?? new MemoryTokenStore();
  if (initial) await store.set(options.key ?? KEY, JSON.stringify(initial));
  const calls: TokenSet[] = [];
  const manager = new TokenManager({
    store,
    key: KEY,
    now: () => NOW,
    provider: 'gdrive',
    refresh: async (current) => {
      calls.push(current);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return answer(current, calls.length);
    },
    ...options,
  });
  return { manager, store, calls };
}

const rotate = (_current: TokenSet, n: number): TokenSet => ({
  accessToken: `at-new-${n}`,
  refreshToken: `rt-new-${n}`,
  expiresAt: NOW + 60 * MINUTE,
});

async function rejection(promise: Promise<unknown>): Promise<PolydriveError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PolydriveError);
  return err as PolydriveError;
}

describe('TokenManager.getAccessToken', () => {
  it('returns the saved token without refreshing while it is fresh', async () => {
    const { manager, calls } = await harness(fresh, rotate);
    expect(await manager.getAccessToken()).toBe('at-1');
    expect(calls).toHaveLength(0);
  });

  it('does not refresh a token without expiry', async () => {
    const { manager, calls } = await harness({ accessToken: 'forever' }, rotate);
    expect(await manager.getAccessToken()).toBe('forever');
    expect(calls).toHaveLength(0);
  });

  it('refreshes when the token expires within the skew, and saves the answer', async () => {
    const { manager, calls } = await harness(expiring, rotate);
    expect(await manager.getAccessToken()).toBe('at-new-1');
    expect(calls).toEqual([expiring]);
    expect(await manager.getTokens()).toEqual(rotate(expiring, 1));
    expect(await manager.getAccessToken()).toBe('at-new-1');
    expect(calls).toHaveLength(1);
  });

  it('honours a custom skew', async () => {
    const { manager, calls } = await harness(expiring, rotate, { refreshSkewMs: MINUTE });
    expect(await manager.getAccessToken()).toBe('at-1');
    expect(calls).toHaveLength(0);
  });

  it('shares one refresh among 10 concurrent callers', async () => {
    const { manager, calls } = await harness(expiring, rotate);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => manager.getAccessToken()));
    expect(tokens).toEqual(Array(10).fill('at-new-1'));
    expect(calls).toHaveLength(1);
  });

  it('refreshes once across two managers sharing a store, by re-reading under the lock', async () => {
    const store = new MemoryTokenStore();
    const a = await harness(expiring, rotate, { store });
    const b = await harness(undefined, rotate, { store });
    const tokens = await Promise.all([a.manager.getAccessToken(), b.manager.getAccessToken()]);
    expect(tokens).toEqual(['at-new-1', 'at-new-1']);
    expect(a.calls.length + b.calls.length).toBe(1);
  });

  it('refreshes once across managers on two FileTokenStore instances of one file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'polydrive-auth-manager-'));
    try {
      const path = join(dir, 'tokens.json');
      const key = randomBytes(32);
      const lock = { retryDelayMs: 1, maxRetryDelayMs: 5 };
      const managers = await Promise.all(
        [0, 1, 2].map((i) =>
          harness(i === 0 ? expiring : undefined, rotate, {
            store: new FileTokenStore({ path, key, lock }),
          }),
        ),
      );
      const tokens = await Promise.all(managers.map((h) => h.manager.getAccessToken()));
      expect(new Set(tokens).size).toBe(1);
      expect(managers.reduce((sum, h) => sum + h.calls.length, 0)).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('works with a store that has no withLock', async () => {
    const values = new Map<string, string>();
    const store: TokenStore = {
      get: async (k) => values.get(k),
      set: async (k, v) => {
        values.set(k, v);
      },
      delete: async (k) => {
        values.delete(k);
      },
    };
    const { manager, calls } = await harness(expiring, rotate, { store });
    const tokens = await Promise.all([manager.getAccessToken(), manager.getAccessToken()]);
    expect(tokens).toEqual(['at-new-1', 'at-new-1']);
    expect(calls).toHaveLength(1);
  });

  it('persists a rotated refresh token and keeps the old one when the answer has none', async () => {
    const rotated = await harness(expiring, rotate);
    await rotated.manager.getAccessToken();
    expect((await rotated.manager.getTokens())?.refreshToken).toBe('rt-new-1');

    const kept = await harness(expiring, () => ({
      accessToken: 'at-2',
      expiresAt: NOW + 60 * MINUTE,
      scope: 'drive',
    }));
    await kept.manager.getAccessToken();
    expect(await kept.manager.getTokens()).toEqual({
      accessToken: 'at-2',
      refreshToken: 'rt-1',
      expiresAt: NOW + 60 * MINUTE,
      scope: 'drive',
    });
  });

  it('asks to log in when nothing is saved', async () => {
    const { manager, calls } = await harness(undefined, rotate);
    const err = await rejection(manager.getAccessToken());
    expect(err.code).toBe('Unauthenticated');
    expect(err.message).toMatch(/Log in/);
    expect(err.provider).toBe('gdrive');
    expect(calls).toHaveLength(0);
  });

  it('reports unreadable saved tokens as Unauthenticated', async () => {
    const store = new MemoryTokenStore([[KEY, '{"refreshToken":"rt-secret"}']]);
    const { manager } = await harness(undefined, rotate, { store });
    const err = await rejection(manager.getAccessToken());
    expect(err.code).toBe('Unauthenticated');
    expect(err.message).not.toContain('rt-secret');
  });

  it('fails with Cancelled on an aborted signal, while the shared refresh still lands', async () => {
    const { manager, calls } = await harness(expiring, rotate);
    await expect(manager.getAccessToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'Cancelled',
    });
    const controller = new AbortController();
    const waiting = manager.getAccessToken({ signal: controller.signal });
    const other = manager.getAccessToken();
    controller.abort();
    expect((await rejection(waiting)).code).toBe('Cancelled');
    expect(await other).toBe('at-new-1');
    expect(calls).toHaveLength(1);
  });

  it('rejects a refresh answer without an access token as Internal, keeping the saved tokens', async () => {
    const { manager } = await harness(expiring, () => ({ accessToken: '' }));
    expect((await rejection(manager.getAccessToken())).code).toBe('Internal');
    expect(await manager.getTokens()).toEqual(expiring);
  });
});

class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly body: string,
  ) {
    super(`OAuth error ${error}: refresh_token=rt-1`);
  }
}

describe('TokenManager refresh errors', () => {
  it.each<[string, () => unknown]>([
    [
      'error field',
      () => ({ error: 'invalid_grant', error_description: 'Token has been revoked.' }),
    ],
    [
      'msal errorCode',
      () => Object.assign(new Error('AADSTS70008 expired'), { errorCode: 'invalid_grant' }),
    ],
    [
      'cause with a body string',
      () => new Error('refresh failed', { cause: { body: '{"error":"invalid_grant"}' } }),
    ],
    [
      'gaxios-style response data',
      () =>
        Object.assign(new Error('bad'), {
          response: { status: 400, data: { error: 'invalid_grant' } },
        }),
    ],
    [
      'form body string',
      () => ({ status: 400, body: 'error=invalid_grant&error_description=revoked' }),
    ],
    ['error class with fields', () => new OAuthError('invalid_grant', '')],
    ['interaction_required', () => ({ errorCode: 'interaction_required' })],
  ])('turns invalid_grant (%s) into Unauthenticated without tokens', async (_how, thrown) => {
    const { manager } = await harness(expiring, () => {
      throw thrown();
    });
    const err = await rejection(manager.getAccessToken());
    expect(err.code).toBe('Unauthenticated');
    expect(err.retryable).toBe(false);
    expect(err.summary).toBe('The saved login for gdrive is no longer valid (expired or revoked).');
    expect(err.advice).toBe('Re-connect the account.');
    for (const secret of ['at-1', 'rt-1']) expect(err.message).not.toContain(secret);
    expect(JSON.stringify(err.toJSON())).not.toContain('rt-1');
    expect(err.cause).toBeUndefined();
    expect(await manager.getTokens()).toEqual(expiring);
  });

  it('turns a refused connection to the token endpoint into Transient', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const { manager } = await harness(expiring, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/token`, {
        method: 'POST',
        body: 'refresh_token=rt-1',
      });
      return (await res.json()) as TokenSet;
    });
    const err = await rejection(manager.getAccessToken());
    expect(err.code).toBe('Transient');
    expect(err.retryable).toBe(true);
    expect(err.message).not.toContain('rt-1');
  });

  it.each<[string, unknown, string]>([
    [
      'a socket error code',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      'Transient',
    ],
    ['a 503 answer', { status: 503 }, 'Transient'],
    ['server_error', { error: 'server_error' }, 'Transient'],
    ['a 429 answer', { response: { status: 429 } }, 'RateLimited'],
    ['invalid_client', { error: 'invalid_client', status: 401 }, 'Unauthenticated'],
    ['an unknown error', new RangeError('refresh_token rt-1 is odd'), 'Internal'],
  ])('classifies %s', async (_what, thrown, code) => {
    const { manager } = await harness(expiring, () => {
      throw thrown;
    });
    const err = await rejection(manager.getAccessToken());
    expect(err.code).toBe(code);
    expect(err.provider).toBe('gdrive');
    expect(err.message).not.toContain('rt-1');
  });

  it('passes a PolydriveError from the refresh through, with the provider filled in', async () => {
    const original = new PolydriveError('QuotaExceeded', { message: 'Out of refreshes.' });
    const manager = new TokenManager({
      store: new MemoryTokenStore([[KEY, JSON.stringify(expiring)]]),
      key: KEY,
      now: () => NOW,
      provider: 'dropbox',
      refresh: async () => {
        throw original;
      },
    });
    const err = await rejection(manager.getAccessToken());
    expect(err.code).toBe('QuotaExceeded');
    expect(err.provider).toBe('dropbox');
  });

  it('lets the next call refresh again after a failure', async () => {
    const { manager, calls } = await harness(expiring, (current, n) => {
      if (n === 1) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
      return rotate(current, n);
    });
    expect((await rejection(manager.getAccessToken())).code).toBe('Transient');
    expect(await manager.getAccessToken()).toBe('at-new-2');
    expect(calls).toHaveLength(2);
  });
});

describe('TokenManager.forceRefresh', () => {
  it('refreshes when the rejected token is still the saved one', async () => {
    const { manager, calls } = await harness(fresh, rotate);
    expect(await manager.forceRefresh('at-1')).toBe('at-new-1');
    expect(calls).toHaveLength(1);
  });

  it('returns the saved token when another caller already replaced the rejected one', async () => {
    const { manager, calls } = await harness(fresh, rotate);
    expect(await manager.forceRefresh('at-0-older')).toBe('at-1');
    expect(calls).toHaveLength(0);
  });

  it('always refreshes without a rejected token', async () => {
    const { manager, calls } = await harness(fresh, rotate);
    expect(await manager.forceRefresh()).toBe('at-new-1');
    expect(await manager.forceRefresh()).toBe('at-new-2');
    expect(calls).toHaveLength(2);
  });

  it('refreshes once when many callers report the same rejected token', async () => {
    const { manager, calls } = await harness(fresh, rotate);
    const tokens = await Promise.all(Array.from({ length: 5 }, () => manager.forceRefresh('at-1')));
    expect(tokens).toEqual(Array(5).fill('at-new-1'));
    expect(await manager.forceRefresh('at-1')).toBe('at-new-1');
    expect(calls).toHaveLength(1);
  });

  it('asks to log in when nothing is saved', async () => {
    const { manager } = await harness(undefined, rotate);
    expect((await rejection(manager.forceRefresh('at-1'))).code).toBe('Unauthenticated');
  });
});

describe('TokenManager storage', () => {
  it('sets, gets and clears tokens', async () => {
    const { manager, store } = await harness(undefined, rotate);
    expect(await manager.getTokens()).toBeUndefined();
    await manager.setTokens(fresh);
    expect(JSON.parse((await store.get(KEY)) ?? '')).toEqual(fresh);
    expect(await manager.getTokens()).toEqual(fresh);
    await manager.clear();
    expect(await manager.getTokens()).toBeUndefined();
  });

  it('rejects tokens without an access token', async () => {
    const { manager } = await harness(undefined, rotate);
    const err = await rejection(manager.setTokens({ accessToken: '' }));
    expect(err.code).toBe('InvalidArgument');
  });

  it('names the provider on store errors such as a wrong encryption key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'polydrive-auth-manager-'));
    try {
      const path = join(dir, 'tokens.json');
      await new FileTokenStore({ path, key: randomBytes(32) }).set(KEY, JSON.stringify(fresh));
      const { manager } = await harness(undefined, rotate, {
        store: new FileTokenStore({ path, key: randomBytes(32) }),
      });
      const err = await rejection(manager.getAccessToken());
      expect(err.code).toBe('Unauthenticated');
      expect(err.provider).toBe('gdrive');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** A refresh function the test answers by hand, and a promise that settles when it is called. */
function heldRefresh() {
  let started!: (current: TokenSet) => void;
  const called = new Promise<TokenSet>((resolve) => {
    started = resolve;
  });
  let answer!: (tokens: TokenSet) => void;
  const answered = new Promise<TokenSet>((resolve) => {
    answer = resolve;
  });
  const refresh = (current: TokenSet) => {
    started(current);
    return answered;
  };
  return { refresh, called, answer };
}

const relogin: TokenSet = {
  accessToken: 'at-login-2',
  refreshToken: 'rt-login-2',
  expiresAt: NOW + 60 * MINUTE,
};
const refreshed: TokenSet = {
  accessToken: 'at-refreshed',
  refreshToken: 'rt-refreshed',
  expiresAt: NOW + 60 * MINUTE,
};

function locklessStore(): TokenStore {
  const values = new Map<string, string>();
  return {
    get: async (k) => values.get(k),
    set: async (k, v) => {
      values.set(k, v);
    },
    delete: async (k) => {
      values.delete(k);
    },
  };
}

describe('TokenManager saves racing a refresh', () => {
  // With a lock the save waits for the refresh, whose callers get its token; without one the
  // refresh finds the new login saved and hands that out instead of overwriting it.
  it.each<[string, () => TokenStore, string]>([
    ['MemoryTokenStore', () => new MemoryTokenStore(), refreshed.accessToken],
    ['a store without withLock', locklessStore, relogin.accessToken],
  ])('keeps a setTokens made while a refresh is in flight (%s)', async (_name, makeStore, got) => {
    const store = makeStore();
    await store.set(KEY, JSON.stringify(expiring));
    const held = heldRefresh();
    const manager = new TokenManager({ store, key: KEY, now: () => NOW, refresh: held.refresh });
    const waiting = manager.getAccessToken();
    await held.called;
    const saving = manager.setTokens(relogin);
    held.answer(refreshed);
    await saving;
    const token = await waiting;
    expect(await manager.getTokens()).toEqual(relogin);
    expect(token).toBe(got);
    expect(await manager.getAccessToken()).toBe(relogin.accessToken);
  });

  // With a lock the logout waits for the refresh, whose callers get its token; without one the
  // refresh finds the login gone and fails as a logged-out account does.
  it.each<[string, () => TokenStore, string]>([
    ['MemoryTokenStore', () => new MemoryTokenStore(), refreshed.accessToken],
    ['a store without withLock', locklessStore, 'Unauthenticated'],
  ])(
    'does not bring back tokens cleared while a refresh is in flight (%s)',
    async (_name, makeStore, got) => {
      const store = makeStore();
      await store.set(KEY, JSON.stringify(expiring));
      const held = heldRefresh();
      const manager = new TokenManager({ store, key: KEY, now: () => NOW, refresh: held.refresh });
      const waiting = manager.getAccessToken().then(
        (token) => token,
        (err: unknown) => err,
      );
      await held.called;
      const clearing = manager.clear();
      held.answer(refreshed);
      await clearing;
      const outcome = await waiting;
      expect(await manager.getTokens()).toBeUndefined();
      expect(await store.get(KEY)).toBeUndefined();
      expect(outcome instanceof PolydriveError ? outcome.code : outcome).toBe(got);
      expect((await rejection(manager.getAccessToken())).code).toBe('Unauthenticated');
    },
  );

  /**
   * Two managers of one account, each on its own FileTokenStore of one file (as two processes
   * would be): `refresher` refreshes through `held`, `other` must never refresh.
   */
  async function twoManagersOnOneFile(
    held: ReturnType<typeof heldRefresh>,
    test: (refresher: TokenManager, other: TokenManager) => Promise<void>,
  ): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'polydrive-auth-manager-'));
    try {
      const path = join(dir, 'tokens.json');
      const key = randomBytes(32);
      const lock = { retryDelayMs: 1, maxRetryDelayMs: 5 };
      const manager = (refresh: (current: TokenSet) => Promise<TokenSet>) =>
        new TokenManager({
          store: new FileTokenStore({ path, key, lock }),
          key: KEY,
          now: () => NOW,
          refresh,
        });
      await test(
        manager(held.refresh),
        manager(async () => {
          throw new Error('the second manager must not refresh');
        }),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('keeps a login saved by a second manager on another FileTokenStore of the same file', async () => {
    const held = heldRefresh();
    await twoManagersOnOneFile(held, async (refresher, login) => {
      await login.setTokens(expiring);
      const waiting = refresher.getAccessToken();
      await held.called;
      const saving = login.setTokens(relogin);
      held.answer(refreshed);
      await saving;
      expect(await waiting).toBe(refreshed.accessToken);
      expect(await refresher.getTokens()).toEqual(relogin);
      expect(await login.getTokens()).toEqual(relogin);
      expect(await refresher.getAccessToken()).toBe(relogin.accessToken);
    });
  });

  it('does not bring back tokens cleared by a second manager on another FileTokenStore', async () => {
    const held = heldRefresh();
    await twoManagersOnOneFile(held, async (refresher, logout) => {
      await logout.setTokens(expiring);
      const waiting = refresher.getAccessToken();
      await held.called;
      const clearing = logout.clear();
      held.answer(refreshed);
      await Promise.all([clearing, waiting]);
      expect(await refresher.getTokens()).toBeUndefined();
      expect(await logout.getTokens()).toBeUndefined();
    });
  });
});
