// Test tiers. `npm test` runs all of them; with CI=true a tier that cannot run is a failure.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
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
    ],
  },
});
