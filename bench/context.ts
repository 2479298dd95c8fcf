// What a benchmark gets: the running cluster, how many repetitions and sizes to use, a progress log.
import type { ClusterInfo } from '../test/cluster/cluster.ts';

export interface BenchContext {
  readonly cluster: ClusterInfo;
  /** Rounds per measured case (1 in the smoke test). */
  readonly repetitions: number;
  readonly progress: (line: string) => void;
}

export class BenchSetupError extends Error {
  override readonly name = 'BenchSetupError';
}

/** The container a benchmark uses in a seed pod: its first. */
export function firstContainer(pod: { readonly name: string; readonly containers: readonly string[] }): string {
  const container = pod.containers[0];
  if (container === undefined) throw new BenchSetupError(`pod ${pod.name} has no container`);
  return container;
}
