import { describe, expect, it } from 'vitest';
import { PolydriveError } from '../src/errors/polydrive-error.js';
import { createFaultInjector, type FaultInjector, faultLayer } from '../src/layers/index.js';
import { createScriptedProvider, fileEntry, ok } from './support/scripted-provider.js';

function setup() {
  const inner = createScriptedProvider({ optional: ['close'] });
  inner.respond('stat', ok(fileEntry('/a.txt')));
  inner.respond('createFolder', ok({ kind: 'folder', id: 'f', name: 'f' }));
  inner.respond('close', ok());
  const faults = createFaultInjector();
  return { inner, faults, provider: faultLayer(faults)(inner) };
}

const A = { path: '/a.txt' };

async function outcomes(run: () => Promise<unknown>, times: number): Promise<string[]> {
  const results: string[] = [];
  for (let i = 0; i < times; i++) {
    results.push(
      await run().then(
        () => 'ok',
        (e: PolydriveError) => e.code,
      ),
    );
  }
  return results;
}

describe('fault injection', () => {
  it('fails the next call before it reaches the provider', async () => {
    const { inner, faults, provider } = setup();
    faults.failNext('stat', 'Transient');
    const error = await provider.stat(A).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolydriveError);
    expect(error).toMatchObject({ code: 'Transient', provider: 'scripted', operation: 'stat' });
    expect(inner.calls).toHaveLength(0);
    await expect(provider.stat(A)).resolves.toMatchObject({ path: '/a.txt' });
    expect(faults.injected).toEqual([{ operation: 'stat', code: 'Transient', after: false }]);
  });

  it('with after, runs the real call and then throws anyway', async () => {
    const { inner, faults, provider } = setup();
    const lost = new PolydriveError('Transient', {
      message: 'Connection reset.',
      provider: 'scripted',
      operation: 'createFolder',
    });
    faults.failNext('createFolder', lost, { after: true });
    await expect(provider.createFolder({ path: '/' }, 'f', { conflict: 'fail' })).rejects.toBe(
      lost,
    );
    expect(inner.callsOf('createFolder')).toHaveLength(1);
    expect(faults.injected).toEqual([
      { operation: 'createFolder', code: 'Transient', after: true },
    ]);
  });

  it('cancels the body of a read whose response it drops', async () => {
    const { inner, faults, provider } = setup();
    let cancelled = false;
    inner.respond('read', () => ({
      stream: new ReadableStream({
        cancel() {
          cancelled = true;
        },
      }),
    }));
    faults.failNext('read', 'Transient', { after: true });
    await expect(provider.read(A)).rejects.toMatchObject({ code: 'Transient' });
    expect(cancelled).toBe(true);
  });

  it('fires scripted faults the given number of times, in order, and * matches all but close', async () => {
    const { faults, provider } = setup();
    faults.failNext('*', 'RateLimited');
    faults.failNext('stat', 'NotFound', { times: 2 });
    expect(await outcomes(() => provider.stat(A), 4)).toEqual([
      'RateLimited',
      'NotFound',
      'NotFound',
      'ok',
    ]);
    faults.failNext('*', 'Internal');
    await expect(provider.close?.()).resolves.toBeUndefined();
    await expect(provider.stat(A)).rejects.toMatchObject({ code: 'Internal' });
  });

  it('fails randomly, the same way for the same seed', async () => {
    const run = async (seed: number): Promise<string[]> => {
      const { faults, provider } = setup();
      faults.failRandomly(0.3, 'Transient', seed);
      return outcomes(() => provider.stat(A), 40);
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(await run(8)).not.toEqual(first);
    const failures = first.filter((o) => o === 'Transient').length;
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(40);
  });

  it('never or always fails at probability 0 or 1, and limits random faults to an operation', async () => {
    const { faults, provider } = setup();
    faults.failRandomly(0, 'Transient', 1);
    faults.failRandomly(1, 'QuotaExceeded', 1, { operation: 'createFolder' });
    expect(await outcomes(() => provider.stat(A), 5)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    await expect(
      provider.createFolder({ path: '/' }, 'f', { conflict: 'fail' }),
    ).rejects.toMatchObject({
      code: 'QuotaExceeded',
    });
  });

  it('clear removes every fault and keeps the record', async () => {
    const { faults, provider } = setup();
    faults.failNext('stat', 'Transient');
    await expect(provider.stat(A)).rejects.toThrow();
    faults.failNext('stat', 'Transient');
    faults.failRandomly(1, 'Transient', 3);
    faults.clear();
    await expect(provider.stat(A)).resolves.toBeDefined();
    expect(faults.injected).toHaveLength(1);
  });

  it('rejects invalid settings and foreign injectors', () => {
    const faults = createFaultInjector();
    expect(() => faults.failNext('stat', 'Transient', { times: 0 })).toThrow(/times/);
    expect(() => faults.failRandomly(2, 'Transient')).toThrow(/probability/);
    const fake: FaultInjector = { ...faults };
    expect(() => faultLayer(fake)).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});
