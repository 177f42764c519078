import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs, so the dashboard works under any prefix (`/scientist/dev/_scientist/`, `/dev/_scientist/`).
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
});
