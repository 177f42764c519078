import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vite resolves Node-side imports through the ssr settings; both point at the TypeScript sources.
  resolve: { conditions: ['@serverless-scientist/source'] },
  ssr: { resolve: { conditions: ['@serverless-scientist/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // These tests time real runtimes, quotas and spin-downs on a CI machine's two shared cores, where
    // one sample can be tipped by the machine itself; in CI each gets a second try, so a real fault
    // still fails twice, and a test that needed it is named in the output.
    retry: process.env.CI ? 1 : 0,
    reporters: [
      'default',
      {
        onTestCaseResult(testCase) {
          const diagnostic = testCase.diagnostic();
          if (diagnostic?.flaky) {
            const errors = testCase.result().errors ?? [];
            console.warn(`passed on attempt ${diagnostic.retryCount + 1}: ${testCase.fullName}`);
            for (const error of errors) console.warn(`  an attempt before: ${error.message}`);
          }
        },
      },
    ],
  },
});
