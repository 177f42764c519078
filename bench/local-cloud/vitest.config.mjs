import { defineConfig } from 'vitest/config';

// Only the benchmark's own arithmetic and reporting are tested; the benchmark itself runs on demand.
export default defineConfig({
  test: { include: ['test/**/*.test.mjs'] },
});
