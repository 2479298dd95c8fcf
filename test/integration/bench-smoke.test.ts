// Keeps bench/ working: every benchmark runs once at tiny sizes against the shared real cluster and
// must produce well-formed results (finite figures, one sample per repetition, a command), and the
// report must have a row for each. Nothing here looks at speed: that is `npm run bench`'s job.
import { describe, expect, inject, it } from 'vitest';
import type { BenchContext } from '../../bench/context.ts';
import { renderReport } from '../../bench/report.ts';
import { ratioOf, type BenchResult } from '../../bench/results.ts';
import { BENCHMARKS, SMOKE_SIZES } from '../../bench/suite.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';

const cluster = inject('cluster');

function expectWellFormed(result: BenchResult): void {
  expect(result.benchmark).not.toBe('');
  expect(result.case).not.toBe('');
  expect(result.unit).not.toBe('');
  expect(result.command).not.toBe('');
  for (const figure of result.peer === undefined ? [result.porthole] : [result.porthole, result.peer]) {
    expect(figure.tool).not.toBe('');
    expect(figure.samples).toHaveLength(1);
    expect(figure.failures).toEqual([]);
    expect(Number.isFinite(figure.median) && figure.median >= 0).toBe(true);
    expect(figure.median).toBe(figure.samples[0]);
  }
  const ratio = ratioOf(result);
  if (ratio !== undefined) expect(Number.isFinite(ratio)).toBe(true);
  if (result.target !== undefined) expect(typeof result.target.met).toBe('boolean');
}

describe.skipIf(cluster === null)('the benchmarks at smoke sizes', () => {
  const c = cluster as ClusterInfo;
  const context: BenchContext = { cluster: c, repetitions: 1, progress: () => {} };

  it.each(BENCHMARKS.map((benchmark) => [benchmark.name, benchmark] as const))(
    '%s produces well-formed results and a report row for each',
    async (_name, benchmark) => {
      const results = await benchmark.run(context, SMOKE_SIZES);
      expect(results.length).toBeGreaterThan(0);
      results.forEach(expectWellFormed);
      // Throughput-like figures cannot be zero when the run completed.
      for (const result of results.filter((r) => r.unit.endsWith('/s'))) {
        expect(result.porthole.median).toBeGreaterThan(0);
      }
      const markdown = renderReport({
        date: '2026-01-01T00:00:00.000Z',
        command: 'smoke',
        machine: { cpuModel: 'cpu', cores: 1, memoryGiB: 1, node: process.version, kubeApiServer: c.versions.kubernetes, kubectl: 'v', os: 'os' },
        repetitions: 1,
        durationSeconds: 1,
        results,
        unfinished: [],
      });
      const rows = markdown.split('\n').filter((line) => line.startsWith(`| ${results[0]?.benchmark} |`));
      expect(rows).toHaveLength(results.length);
    },
    120_000,
  );
});
