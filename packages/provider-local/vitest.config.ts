import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'provider-local', include: ['test/**/*.test.ts'] } });
