import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'provider-dropbox', include: ['test/**/*.test.ts'] },
});
