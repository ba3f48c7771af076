/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The samman server serves dist/ at "/" with CSP default-src 'self': no inline scripts or styles.
export default defineConfig({
  plugins: [preact({ prerender: { enabled: false } })],
  build: {
    target: 'es2022',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a local `samman serve --listen 127.0.0.1:18080`
    proxy: { '/api': 'http://127.0.0.1:18080', '/healthz': 'http://127.0.0.1:18080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
