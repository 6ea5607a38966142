import { defineConfig } from 'vitest/config';
import PlainSummaryReporter from './tools/plain-summary-reporter.js';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tools'],
    reporters: ['default', new PlainSummaryReporter()],
  },
});
