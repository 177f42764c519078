import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The generator imports the core: through its TypeScript sources, as the other packages' tests do.
  resolve: { conditions: ['@serverless-scientist/source'] },
  ssr: { resolve: { conditions: ['@serverless-scientist/source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000 },
});
