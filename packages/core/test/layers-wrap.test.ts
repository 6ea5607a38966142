import { describe, expect, it } from 'vitest';
import { applyLayers, wrapProvider } from '../src/layers/index.js';
import type { Provider } from '../src/provider/provider.js';
import { createScriptedProvider, fileEntry, ok } from './support/scripted-provider.js';

const passThrough = (provider: Provider): Provider =>
  wrapProvider(provider, (_call, next) => next());

describe('wrapProvider', () => {
  it('keeps name, capabilities and account key', () => {
    const inner = createScriptedProvider({ accountKey: 'acct-1' });
    const wrapped = passThrough(inner);
    expect(wrapped.name).toBe('scripted');
    expect(wrapped.capabilities).toBe(inner.capabilities);
    expect(wrapped.accountKey).toBe('acct-1');
  });

  it('leaves optional methods absent when the provider lacks them', () => {
    const wrapped = passThrough(createScriptedProvider());
    for (const optional of [
      'copy',
      'search',
      'changes',
      'about',
      'passthrough',
      'close',
    ] as const) {
      expect(optional in wrapped).toBe(false);
      expect(wrapped[optional]).toBeUndefined();
    }
    expect(typeof wrapped.stat).toBe('function');
  });

  it('defines the optional methods the provider has', async () => {
    const inner = createScriptedProvider({ optional: ['copy', 'about'] });
    inner.respond('about', ok({ id: 'drive' }));
    const wrapped = passThrough(inner);
    expect(typeof wrapped.copy).toBe('function');
    expect('search' in wrapped).toBe(false);
    await expect(wrapped.about?.()).resolves.toEqual({ id: 'drive' });
  });

  it('calls the inner method with this bound to the inner provider, even when detached', async () => {
    const inner = createScriptedProvider();
    inner.respond('stat', ok(fileEntry('/a.txt')));
    const { stat } = passThrough(passThrough(inner));
    await stat({ path: '/a.txt' });
    expect(inner.calls[0]?.self).toBe(inner);
  });

  it('passes each call to intercept and lets it replace the arguments', async () => {
    const inner = createScriptedProvider();
    inner.respond('stat', ok(fileEntry('/b.txt')));
    const seen: unknown[] = [];
    const wrapped = wrapProvider(inner, (call, next) => {
      seen.push({ operation: call.operation, args: call.args, provider: call.provider });
      return next([{ path: '/b.txt' }, { raw: true }]);
    });
    await wrapped.stat({ path: '/a.txt' });
    expect(seen).toEqual([{ operation: 'stat', args: [{ path: '/a.txt' }], provider: inner }]);
    expect(inner.calls[0]?.args).toEqual([{ path: '/b.txt' }, { raw: true }]);
  });

  it('turns a synchronous throw of the inner method into a rejection', async () => {
    const inner = createScriptedProvider();
    inner.stat = () => {
      throw new Error('thrown synchronously');
    };
    const outcome = passThrough(inner).stat({ path: '/a' });
    expect(outcome).toBeInstanceOf(Promise);
    await expect(outcome).rejects.toThrow('thrown synchronously');
  });
});

describe('applyLayers', () => {
  it('makes the first layer the outermost', async () => {
    const order: string[] = [];
    const tracing =
      (label: string) =>
      (provider: Provider): Provider =>
        wrapProvider(provider, async (_call, next) => {
          order.push(`${label} in`);
          const result = await next();
          order.push(`${label} out`);
          return result;
        });
    const inner = createScriptedProvider();
    inner.respond('delete', ok());
    await applyLayers(inner, [tracing('outer'), tracing('inner')]).delete({ path: '/x' });
    expect(order).toEqual(['outer in', 'inner in', 'inner out', 'outer out']);
  });

  it('returns the provider itself with no layers', () => {
    const inner = createScriptedProvider();
    expect(applyLayers(inner, [])).toBe(inner);
  });
});
