// One build for the three Electron targets. The main process is ESM; the preload must be a single
// CommonJS file because a sandboxed preload cannot load ES modules; the renderer is Svelte 5.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(root, 'main/electron/main.ts') }, output: { format: 'es' } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Inline everything so the sandboxed preload is self-contained.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [svelte({ configFile: false })],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
