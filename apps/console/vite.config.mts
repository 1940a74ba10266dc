import { defineConfig } from 'vite';

/** The console: a small Preact SPA, built to dist/console and served by the api at `/`. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // the pure calendar of libs/domain, shared with the api (src/due-preview.ts)
  resolve: { alias: { '@duban/domain/calendar': `${import.meta.dirname}/../../libs/domain/src/calendar` } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: `${import.meta.dirname}/../../dist/console`,
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 300,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
  logLevel: 'warn',
});
