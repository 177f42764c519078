import { defineConfig } from 'vitest/config';

// The walkthrough: slow (minutes), so it has its own Nx target (`nx run challenges:e2e`), cached.
export default defineConfig({
  resolve: { conditions: ['@serverless-scientist/source'] },
  ssr: { resolve: { conditions: ['@serverless-scientist/source'] } },
  test: { include: ['test/**/*.e2e.ts'], testTimeout: 900_000, hookTimeout: 120_000 },
});
