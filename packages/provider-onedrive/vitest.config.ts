import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'provider-onedrive', include: ['test/**/*.test.ts'] },
});
