import { describe, expect, it } from 'vitest';
import {
  isPolydriveError,
  type PolydriveError,
  type ProviderOptionSchema,
  parseProviderOptions,
} from '../src/index.js';

interface AcmeOptions {
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly chunkSize?: number;
  readonly debug?: boolean;
  readonly scopes?: readonly string[];
  readonly mode?: 'fast' | 'safe' | 'slow';
  readonly store?: object;
  readonly fetch?: () => unknown;
}

const SCHEMA: ProviderOptionSchema<AcmeOptions> = {
  clientId: 'string',
  clientSecret: 'string',
  chunkSize: 'number',
  debug: 'boolean',
  scopes: { kind: 'list', items: 'scope names' },
  mode: { kind: 'oneOf', values: ['fast', 'safe', 'slow'] },
  store: 'object',
  fetch: 'function',
};

// @ts-expect-error: a schema must name every key of the options type.
const MISSING_KEY: ProviderOptionSchema<AcmeOptions> = { clientId: 'string' };

const NAMES = { provider: 'acme', label: 'Acme Cloud' };

function parse(raw: Record<string, unknown>): AcmeOptions {
  return parseProviderOptions<AcmeOptions>(raw, SCHEMA, NAMES);
}

function refusal(raw: Record<string, unknown>): PolydriveError {
  try {
    parse(raw);
  } catch (err) {
    if (isPolydriveError(err)) return err;
    throw err;
  }
  throw new Error(`accepted ${Object.keys(raw).join(', ')}`);
}

describe('parseProviderOptions', () => {
  it('converts URI query strings to numbers, booleans and lists', () => {
    expect(
      parse({
        clientId: 'app',
        chunkSize: '655360',
        debug: 'true',
        scopes: 'files.read offline_access,user.read',
        mode: 'safe',
      }),
    ).toEqual({
      clientId: 'app',
      chunkSize: 655360,
      debug: true,
      scopes: ['files.read', 'offline_access', 'user.read'],
      mode: 'safe',
    });
    expect(parse({ debug: '1' }).debug).toBe(true);
    expect(parse({ debug: '0' }).debug).toBe(false);
    expect(parse({ debug: 'false' }).debug).toBe(false);
    expect(parse({ chunkSize: '0' }).chunkSize).toBe(0);
    expect(parse({ chunkSize: ' 1e3 ' }).chunkSize).toBe(1000);
  });

  it('passes typed values through, objects and functions by identity, and drops undefined', () => {
    const store = {};
    const fetch = () => 'ok';
    const options = parse({
      chunkSize: 7,
      debug: false,
      scopes: ['a'],
      store,
      fetch,
      clientSecret: undefined,
    });
    expect(options).toEqual({ chunkSize: 7, debug: false, scopes: ['a'], store, fetch });
    expect(options.store).toBe(store);
    expect(options.fetch).toBe(fetch);
    expect(Object.hasOwn(options, 'clientSecret')).toBe(false);
  });

  it('refuses unknown keys, naming the known ones', () => {
    const err = refusal({ clientID: 'x' });
    expect(err.code).toBe('InvalidArgument');
    expect(err.provider).toBe('acme');
    expect(err.summary).toBe('Unknown Acme Cloud option "clientID".');
    expect(err.advice).toBe(
      'Known options: chunkSize, clientId, clientSecret, debug, fetch, mode, scopes, store.',
    );
  });

  it('refuses keys inherited from Object.prototype', () => {
    expect(refusal({ toString: 'x' }).summary).toBe('Unknown Acme Cloud option "toString".');
    expect(refusal(JSON.parse('{"__proto__": "x"}')).summary).toMatch(/option "__proto__"/);
  });

  it.each([
    ['clientId', '', 'a non-empty string'],
    ['clientId', 42, 'a non-empty string'],
    ['chunkSize', 'big', 'a non-negative number'],
    ['chunkSize', '', 'a non-negative number'],
    ['chunkSize', '  ', 'a non-negative number'],
    ['chunkSize', '-1', 'a non-negative number'],
    ['chunkSize', -1, 'a non-negative number'],
    ['chunkSize', 'Infinity', 'a non-negative number'],
    ['chunkSize', Number.NaN, 'a non-negative number'],
    ['chunkSize', true, 'a non-negative number'],
    ['debug', 'yes', 'true or false'],
    ['debug', 1, 'true or false'],
    ['scopes', '', 'a list of scope names'],
    ['scopes', ' , ', 'a list of scope names'],
    ['scopes', [], 'a list of scope names'],
    ['scopes', ['a', 1], 'a list of scope names'],
    ['mode', 'quick', "'fast', 'safe' or 'slow'"],
    ['mode', ['fast'], "'fast', 'safe' or 'slow'"],
    ['store', null, 'an object'],
    ['store', 'x', 'an object'],
    ['fetch', {}, 'a function'],
  ])('refuses %s = %j: it must be %s', (key, value, expected) => {
    const err = refusal({ [key]: value });
    expect(err.code).toBe('InvalidArgument');
    expect(err.provider).toBe('acme');
    expect(err.summary).toBe(`The Acme Cloud option ${key} must be ${expected}.`);
    expect(err.advice).toBe('Fix the option in the drive configuration or URI.');
  });

  it('names a single allowed value without a dangling "or"', () => {
    const only = { mode: { kind: 'oneOf', values: ['fast'] } } as const;
    expect(() => parseProviderOptions<{ mode?: 'fast' }>({ mode: 'x' }, only, NAMES)).toThrow(
      "The Acme Cloud option mode must be 'fast'.",
    );
  });

  it('never echoes a refused value, which may be a secret', () => {
    const secret = 'sk-live-0123456789';
    for (const raw of [
      { clientSecret: [secret] },
      { chunkSize: secret },
      { debug: secret },
      { mode: secret },
      { scopes: [secret, 1] },
      { clientSecert: secret },
    ]) {
      const err = refusal(raw);
      expect(err.message).not.toContain(secret);
      expect(JSON.stringify(err)).not.toContain(secret);
    }
  });

  it('refuses at run time a key the schema leaves out', () => {
    expect(parseProviderOptions<AcmeOptions>({ clientId: 'app' }, MISSING_KEY, NAMES)).toEqual({
      clientId: 'app',
    });
    expect(() => parseProviderOptions<AcmeOptions>({ chunkSize: 1 }, MISSING_KEY, NAMES)).toThrow(
      'Unknown Acme Cloud option "chunkSize".',
    );
  });
});
