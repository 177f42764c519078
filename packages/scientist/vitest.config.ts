import { defineConfig } from 'vitest/config';

const conditions = ['@serverless-scientist/source'];

export default defineConfig({
  // Workspace packages are linked under node_modules; read their sources, not a stale dist/.
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
