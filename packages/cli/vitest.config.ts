import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@serverless-scientist/source'] },
  test: { include: ['test/**/*.test.ts'] },
});
