import { defineConfig } from 'vitest/config';

// The walkthrough and the five-language fizzbuzz: slow (minutes), so they have their own Nx target
// (`nx run challenges:e2e`), cached. One file at a time: each starts a local cloud, and two at once
// would share the machine's few cores and make both slower.
export default defineConfig({
  resolve: { conditions: ['@serverless-scientist/source'] },
  ssr: { resolve: { conditions: ['@serverless-scientist/source'] } },
  test: { include: ['test/**/*.e2e.ts'], testTimeout: 900_000, hookTimeout: 120_000, fileParallelism: false },
});
