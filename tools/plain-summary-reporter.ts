import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends a run with the plain line `Tests: N passed, N failed, N skipped`, which CI reads
 * (vitest's own summary is not in that form). A module that fails to load, and every
 * unhandled error, counts as a failure.
 */
export default class PlainSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let count = 0;
      for (const t of mod.children.allTests()) {
        count++;
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (count === 0 && mod.state() === 'failed') failed++;
    }
    failed += unhandledErrors.length;
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
