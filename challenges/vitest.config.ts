import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite resolves Node-side imports through the ssr settings; both point at the TypeScript sources.
  resolve: { conditions: ['@serverless-scientist/source'] },
  ssr: { resolve: { conditions: ['@serverless-scientist/source'] } },
  test: { include: ['test/**/*.test.ts'] },
});
