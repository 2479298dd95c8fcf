// Test tiers. `npm test` runs all of them; with CI=true a tier that cannot run is a failure.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { configDefaults, defineConfig } from 'vitest/config';

// Test paths mirror source paths: test/unit/renderer/{app,lib,components} test renderer/src/{app,lib,components}.
const RENDERER_TESTS = ['test/unit/renderer/*.test.ts', 'test/unit/renderer/{app,lib,components}/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // test/support's helpers carry their own tests beside them (they are no source's mirror).
          include: ['test/unit/**/*.test.ts', 'test/support/**/*.test.ts'],
          // renderer/src/bridge's tests stay here: they drive the bridge client in Node against the real web
          // host (ws), which the renderer project would resolve to ws's browser build.
          exclude: [...configDefaults.exclude, ...RENDERER_TESTS],
          environment: 'node',
        },
      },
      {
        // Renderer models and Svelte components. Component test files opt into jsdom with
        // `// @vitest-environment jsdom`; svelteTesting resolves Svelte's browser build and cleans up.
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: { name: 'renderer', include: RENDERER_TESTS, environment: 'node' },
      },
      { test: { name: 'layering', include: ['test/layering/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/cluster/global-setup.ts'],
          // The first run builds the cluster binaries; the global setup reports its own progress.
          hookTimeout: 60_000,
          testTimeout: 60_000,
          // One cluster is shared by every file; files run one after another to keep it calm.
          fileParallelism: false,
        },
      },
      {
        // The app end to end: the real core behind the web host, Debian's Chromium in front
        // (playwright-core, never a downloaded browser). The second setup builds the renderer if
        // its sources changed and finds Chromium.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/cluster/global-setup.ts', 'test/e2e/global-setup.ts'],
          // After the other tiers, not beside them: its flood test needs the page to keep up, and
          // the integration tier's clusters and Chromium benchmark would compete for the cores.
          sequence: { groupOrder: 1 },
          hookTimeout: 120_000,
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
