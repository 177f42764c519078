import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@serverless-scientist/source'] },
  ssr: { resolve: { conditions: ['@serverless-scientist/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
