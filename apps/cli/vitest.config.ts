import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    // The tests run the built CLI as a subprocess: build it first, so they never test a stale dist.
    globalSetup: ['test/support/build-cli.ts'],
    testTimeout: 30_000,
  },
});
