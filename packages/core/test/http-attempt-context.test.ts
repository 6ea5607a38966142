import { describe, expect, it } from 'vitest';
import { currentAttempt, runWithAttempt } from '../src/http/attempt-context.js';
import { instrumentFetch } from '../src/http/index.js';

// Module state: these tests run in order in one file, before and after tracking is switched on.
describe('attempt context', () => {
  it('carries nothing (and costs nothing) until a debug instrumented fetch exists', async () => {
    instrumentFetch(fetch, { provider: 'x', debug: false });
    const seen = await runWithAttempt(2, async () => {
      await Promise.resolve();
      return currentAttempt();
    });
    expect(seen).toBeUndefined();
  });

  it('carries the attempt through awaits once debug logging is on', async () => {
    instrumentFetch(fetch, {
      provider: 'x',
      debug: true,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const seen = await runWithAttempt(3, async () => {
      await Promise.resolve();
      return currentAttempt();
    });
    expect(seen).toBe(3);
    expect(currentAttempt()).toBeUndefined();
  });
});
