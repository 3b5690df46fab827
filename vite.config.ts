import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

// The viewer is built into dist/web and served by the hookscope server itself.
// `npm run dev` runs Vite with hot reload and proxies the API, capture and live socket to a hookscope server.
const target = process.env.HOOKSCOPE_DEV_TARGET ?? 'http://127.0.0.1:8484';

export default defineConfig({
  root: 'web',
  plugins: [preact()],
  build: { outDir: '../dist/web', emptyOutDir: true, reportCompressedSize: true, target: 'es2022' },
  server: {
    proxy: {
      '/api': { target, ws: true },
      '/h': target,
      '/v1': { target, ws: true },
      '/healthz': target,
    },
  },
});
