import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'provider-gdrive', include: ['test/**/*.test.ts'] } });
