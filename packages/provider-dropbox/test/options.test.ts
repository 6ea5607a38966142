import { describe, expect, it } from 'vitest';
import { createDropboxProvider, parseDropboxOptions } from '../src/index.js';

function code(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('options', () => {
  it('converts URI strings and refuses unknown keys', () => {
    expect(
      parseDropboxOptions({
        clientId: 'key',
        uploadThreshold: '1048576',
        debug: 'true',
        scopes: 'files.content.read files.content.write',
      }),
    ).toEqual({
      clientId: 'key',
      uploadThreshold: 1_048_576,
      debug: true,
      scopes: ['files.content.read', 'files.content.write'],
    });
    expect(code(() => parseDropboxOptions({ clientID: 'typo' }))).toBe('InvalidArgument');
    expect(code(() => parseDropboxOptions({ chunkSize: 'big' }))).toBe('InvalidArgument');
  });

  it('checks sizes against the 4 MiB multiple and the 150 MiB request limit', () => {
    const base = { accessToken: 't' };
    expect(code(() => createDropboxProvider({ ...base, chunkSize: 5 * 1024 * 1024 }))).toBe(
      'InvalidArgument',
    );
    expect(code(() => createDropboxProvider({ ...base, chunkSize: 152 * 1024 * 1024 }))).toBe(
      'InvalidArgument',
    );
    expect(code(() => createDropboxProvider({ ...base, uploadThreshold: 151 * 1024 * 1024 }))).toBe(
      'InvalidArgument',
    );
    const provider = createDropboxProvider({
      ...base,
      chunkSize: 8 * 1024 * 1024,
      uploadThreshold: 1000,
    });
    expect(provider.capabilities.chunkDefaultSize).toBe(8 * 1024 * 1024);
    expect(provider.capabilities.simpleUploadMaxSize).toBe(1000);
    expect(provider.capabilities.chunkMaxSize % provider.capabilities.chunkMultiple).toBe(0);
  });

  it('refuses a time option that is not a number of ms a timer can wait', () => {
    const base = { accessToken: 't' };
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY, 2 ** 31]) {
      expect([bad, code(() => createDropboxProvider({ ...base, batchWindowMs: bad }))]).toEqual([
        bad,
        'InvalidArgument',
      ]);
    }
    expect(code(() => createDropboxProvider({ ...base, folderCacheTtlMs: -5 }))).toBe(
      'InvalidArgument',
    );
    expect(code(() => createDropboxProvider({ ...base, jobPollMaxMs: Number.NaN }))).toBe(
      'InvalidArgument',
    );
    expect(createDropboxProvider({ ...base, batchWindowMs: 0, folderCacheTtlMs: 0 })).toBeDefined();
  });

  it('wants exactly one way to get tokens', () => {
    expect(code(() => createDropboxProvider({}))).toBe('InvalidArgument');
    expect(code(() => createDropboxProvider({ clientId: 'k', accessToken: 't' }))).toBe(
      'InvalidArgument',
    );
    expect(
      code(() =>
        createDropboxProvider({
          clientId: 'k',
          refreshToken: 'r',
          tokenStore: { get: async () => undefined, set: async () => {}, delete: async () => {} },
        }),
      ),
    ).toBe('InvalidArgument');
  });
});
