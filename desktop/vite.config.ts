import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The renderer bundle: loaded from file:// by Electron and from http://127.0.0.1 in browser mode. */
export default defineConfig({
  root: path.join(here, 'src/renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../dist/desktop/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // ECharts is most of the bundle; it loads from disk (Electron) or localhost, never a network.
    chunkSizeWarningLimit: 1600,
  },
});
