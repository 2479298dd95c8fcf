// vitest globalSetup of the "integration" project: one real cluster per test run, provided to
// the tests as `inject('cluster')`, stopped when the run ends.
//
// A machine without Go (and without cached binaries) cannot have the cluster: the tier is then
// skipped with one loud line, unless CI=true or PORTHOLE_REQUIRE_CLUSTER=1 makes that a failure.
// Any other start-up failure always fails the run: with Go present, a cluster that does not
// start is a bug, not a missing tool.
import type { TestProject } from 'vitest/node';
import { ClusterUnavailableError } from './binaries.ts';
import { clusterInfoOf, startCluster, type ClusterInfo } from './cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The running cluster, or null when the tier is skipped (see `clusterSkipReason`). */
    cluster: ClusterInfo | null;
    clusterSkipReason: string;
  }
}

function clusterRequired(): boolean {
  return process.env.CI === 'true' || process.env.PORTHOLE_REQUIRE_CLUSTER === '1';
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const started = Date.now();
  try {
    const cluster = await startCluster({ onProgress: (line) => console.log(`[cluster] ${line}`) });
    const info = clusterInfoOf(cluster);
    console.log(`[cluster] up in ${((Date.now() - started) / 1000).toFixed(1)}s; kubeconfig ${info.kubeconfigPath}`);
    project.provide('cluster', info);
    project.provide('clusterSkipReason', '');
    return cluster.stop;
  } catch (error) {
    if (error instanceof ClusterUnavailableError && !clusterRequired()) {
      console.log(`REAL-CLUSTER TIER SKIPPED: ${error.message} (set up Go, or see test/cluster/README.md)`);
      project.provide('cluster', null);
      project.provide('clusterSkipReason', error.message);
      return undefined;
    }
    throw error;
  }
}
