import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite resolves Node-side imports through the ssr settings; both point at the TypeScript sources.
  resolve: { conditions: ['@serverless-scientist/source'] },
  ssr: { resolve: { conditions: ['@serverless-scientist/source'] } },
  // The CLI's tests start real processes (the built `scientist`, the local cloud): on a loaded
  // two-core machine a start alone can take seconds.
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000 },
});
