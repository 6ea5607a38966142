import { describeProvider } from '@polydrive/contract';
import { createDrive, createFaultInjector, PolydriveError } from '@polydrive/core';
import { afterAll, expect } from 'vitest';

// The whole contract suite again, through the standard layers, while one call in ten is refused
// with 429 + Retry-After and one in twenty answers "lost" (the provider acted, the caller did not
// hear) on operations that are safe to repeat. The retry layer and the upload engine must hide
// all of it.
const faults = createFaultInjector();
faults.failRandomly(
  0.1,
  new PolydriveError('RateLimited', { message: 'Too many requests (injected).', retryAfterMs: 1 }),
  7,
);
faults.failRandomly(
  0.05,
  new PolydriveError('Transient', { message: 'Connection reset (injected).' }),
  11,
  {
    operation: 'stat',
    after: true,
  },
);

describeProvider('memory through a rate-limit storm', () =>
  createDrive({
    provider: 'memory',
    layers: { faults, retry: { baseDelayMs: 1, maxDelayMs: 4, maxAttempts: 12 }, timeout: false },
  }),
);

afterAll(() => {
  expect(faults.injected.filter((f) => f.code === 'RateLimited').length).toBeGreaterThan(50);
  expect(faults.injected.some((f) => f.code === 'Transient')).toBe(true);
});
