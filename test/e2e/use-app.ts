// Every e2e file's preamble, once: the describe that runs only where the tier can, and the app
// (startApp) started before its tests and closed after them. Apart from harness.ts because it needs
// vitest's runner; the browser benchmarks import harness.ts under plain Node.
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { startApp, type AppUnderTest, type StartAppOptions } from './harness.ts';

/** The test cluster, from the global setup; null where the tier is skipped (see describeApp). */
export const cluster: ClusterInfo | null = inject('cluster');
const chromiumPath = inject('chromium');

/** An e2e file's describe: it runs where the test cluster and Chromium are, and is skipped elsewhere. */
export function describeApp(name: string, body: () => void): void {
  describe.skipIf(cluster === null || chromiumPath === null)(name, body);
}

/** The app of an e2e file; useApp closes it. */
export type UsedApp = Omit<AppUnderTest, 'close'>;

/**
 * Every e2e file's preamble, inside its describeApp: the app starts before the first test (with the
 * options `options` gives then) and closes after the last. The object returned stands for that app:
 * read its members in tests and hooks, not while the describe is collected.
 */
export function useApp(options: () => StartAppOptions = () => ({})): UsedApp {
  let started: AppUnderTest | undefined;
  beforeAll(async () => {
    if (cluster === null || chromiumPath === null) throw new Error('useApp outside describeApp: the tier cannot run here');
    started = await startApp(cluster, chromiumPath, inject('rendererDir'), options());
  });
  afterAll(async () => {
    await started?.close();
  });
  const app = (): AppUnderTest => {
    if (started === undefined) throw new Error('the app starts in useApp\'s beforeAll: read it inside a test or hook');
    return started;
  };
  return {
    get page() {
      return app().page;
    },
    get context() {
      return app().context;
    },
    get host() {
      return app().host;
    },
    get core() {
      return app().core;
    },
    get cluster() {
      return app().cluster;
    },
    get recordingsDirectory() {
      return app().recordingsDirectory;
    },
    get pageErrors() {
      return app().pageErrors;
    },
    outputBytes: (id) => app().outputBytes(id),
    screenshot: (name) => app().screenshot(name),
  };
}
