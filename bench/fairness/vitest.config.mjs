import { defineConfig } from 'vitest/config';

// One slow end-to-end test on a real local cloud; Nx caches its result (project.json inputs).
export default defineConfig({
  test: { include: ['test/**/*.test.mjs'], testTimeout: 600_000, hookTimeout: 600_000 },
});
