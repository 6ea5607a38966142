import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'provider-memory', include: ['test/**/*.test.ts'] } });
