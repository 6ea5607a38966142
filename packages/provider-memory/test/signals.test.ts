import { withSignalsEndingWithTheirCall } from '@polydrive/contract';
import { Drive, type Provider, wrapProvider } from '@polydrive/core';
import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../src/index.js';

/** The signals the provider got, by operation, through a layer next to it. */
function recordingSignals(provider: Provider): {
  provider: Provider;
  seen: Map<string, AbortSignal>;
} {
  const seen = new Map<string, AbortSignal>();
  const recorded = wrapProvider(provider, (call, next) => {
    for (const arg of call.args) {
      const signal = (arg as { signal?: unknown } | undefined)?.signal;
      if (signal instanceof AbortSignal) seen.set(call.operation, signal);
    }
    return next();
  });
  return { provider: recorded, seen };
}

describe('the contract suite’s signals', () => {
  it('end with their call, except a read’s, and leave the caller’s own signal alone', async () => {
    const { provider, seen } = recordingSignals(createMemoryProvider());
    const drive = withSignalsEndingWithTheirCall(new Drive(provider));
    await drive.write('/a.txt', new TextEncoder().encode('a'));
    const read = await drive.read('/a.txt');
    expect(seen.get('writeSmall')?.aborted).toBe(true);
    expect(seen.get('writeSmall')?.reason).toMatchObject({ code: 'Cancelled' });
    expect(seen.get('read')?.aborted ?? false).toBe(false);
    expect(new TextDecoder().decode(await new Response(read).arrayBuffer())).toBe('a');

    const caller = new AbortController();
    const pending = drive.stat('/a.txt', { signal: caller.signal });
    await pending;
    const statSignal = seen.get('stat');
    expect(statSignal?.aborted).toBe(true);
    expect(caller.signal.aborted).toBe(false);
  });
});
