import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const dashboardRoot = fileURLToPath(new URL('.', import.meta.url));
const sharedRoot = fileURLToPath(new URL('../shared', import.meta.url));
const localTwin = 'http://localhost:3000';

export default defineConfig({
  root: dashboardRoot,
  // relative asset URLs: the same build works from S3/CloudFront, the twin and file previews
  base: './',
  plugins: [svelte({ configFile: false })],
  resolve: {
    // the dashboard validates with the very zod schemas the API uses
    alias: { $shared: sharedRoot },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': localTwin,
      '/config.json': localTwin,
    },
  },
});
