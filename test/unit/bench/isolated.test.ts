// A benchmark run in a process of its own (bench/isolated.ts, bench/benchmark-child.ts): its
// results and progress lines come back as if it had run in the harness, and its error keeps its own
// name and message. screen-mirror needs no cluster, so the child gets no real one.
import { describe, expect, it } from 'vitest';
import { runIsolated } from '../../../bench/isolated.ts';
import type { ClusterInfo } from '../../../test/cluster/cluster.ts';

const NO_CLUSTER = {} as ClusterInfo;

describe('runIsolated', () => {
  it('hands back the results and the progress lines of a benchmark run in another process', async () => {
    const progress: string[] = [];
    const results = await runIsolated('screen-mirror', { cluster: NO_CLUSTER, repetitions: 1, progress: (line) => progress.push(line) }, true);
    expect(progress).toContain('screen mirror: round 1 of 1, 2 shells');
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.benchmark).toBe('Screen mirror');
      expect(result.porthole.samples).toHaveLength(1);
    }
  }, 60_000);

  it("rejects with the child's own error when the benchmark fails there", async () => {
    await expect(runIsolated('no-such-benchmark', { cluster: NO_CLUSTER, repetitions: 1, progress: () => {} }, true)).rejects.toMatchObject({
      name: 'RangeError',
      message: 'unknown benchmark no-such-benchmark',
    });
  }, 60_000);
});
