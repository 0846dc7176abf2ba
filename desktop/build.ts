/**
 * Builds the desktop bundles with Vite: the React renderer and the sandboxed preload (CommonJS,
 * a single file). The main process is compiled by `tsc -p tsconfig.build.json` with the engine.
 */
import { build } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../dist/desktop');

await build({ configFile: path.join(here, 'vite.config.ts'), logLevel: 'warn' });
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: path.join(dist, 'preload'),
    emptyOutDir: true,
    minify: false,
    lib: { entry: path.join(here, 'src/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});
console.log(`Desktop bundles written to ${path.relative(process.cwd(), dist)}/{renderer,preload}`);
