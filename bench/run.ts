// `npm run bench`: starts its own real cluster, runs every benchmark in bench/suite.ts and writes
// BENCHMARKS.md. `--only NAME[,NAME]` runs some of them (and writes BENCHMARKS.partial.md instead),
// `--repetitions N` changes the rounds per case, `--smoke` uses the smoke test's tiny sizes. Each
// benchmark runs in a Node process of its own (isolated.ts); the cluster is shared.
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clusterInfoOf, startCluster } from '../test/cluster/cluster.ts';
import { buildRendererIfStale } from '../test/e2e/global-setup.ts';
import type { BenchContext } from './context.ts';
import { runIsolated } from './isolated.ts';
import { machineInfo } from './machine.ts';
import { renderReport, type Unfinished } from './report.ts';
import type { BenchResult } from './results.ts';
import { BENCHMARKS } from './suite.ts';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({ options: { only: { type: 'string' }, smoke: { type: 'boolean', default: false }, repetitions: { type: 'string', default: '5' } } });
const repetitions = Number(values.repetitions);
if (!Number.isInteger(repetitions) || repetitions < 1) throw new RangeError(`--repetitions must be a positive integer, got ${values.repetitions}`);
const only = values.only?.split(',');
const unknown = only?.filter((name) => !BENCHMARKS.some((benchmark) => benchmark.name === name)) ?? [];
if (unknown.length > 0) throw new RangeError(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);

// The browser benchmarks serve out/renderer: a build older than the sources would measure old code.
buildRendererIfStale('the browser benchmarks');
const started = Date.now();
const log = (line: string): void => console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const cluster = await startCluster({ onProgress: (line) => log(`cluster: ${line}`) });
try {
  const context: BenchContext = { cluster: clusterInfoOf(cluster), repetitions, progress: log };
  const machine = await machineInfo(cluster);
  const results: BenchResult[] = [];
  // A benchmark that fails is named in the report and the run goes on: one broken step must not
  // cost the other forty minutes of figures. The exit code still says the run was not whole.
  const unfinished: Unfinished[] = [];
  for (const benchmark of BENCHMARKS) {
    if (only !== undefined && !only.includes(benchmark.name)) continue;
    log(`${benchmark.name}: start`);
    const rounds = Math.min(repetitions, benchmark.maxRepetitions ?? repetitions);
    try {
      // Each in a process of its own (benchmark-child.ts says why).
      results.push(...(await runIsolated(benchmark.name, { ...context, repetitions: rounds }, values.smoke)));
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log(`${benchmark.name}: did not finish: ${text}`);
      if (error instanceof Error && error.stack !== undefined) console.error(error.stack);
      unfinished.push({ benchmark: benchmark.name, error: text });
    }
  }
  const markdown = renderReport({
    date: new Date().toISOString(),
    command: only === undefined ? 'npm run bench' : `npm run bench -- --only ${only.join(',')}`,
    machine,
    repetitions,
    durationSeconds: (Date.now() - started) / 1000,
    results,
    unfinished,
  });
  const file = join(root, only === undefined ? 'BENCHMARKS.md' : 'BENCHMARKS.partial.md');
  await writeFile(file, markdown);
  log(`wrote ${file}`);
  if (unfinished.length > 0) {
    log(`${unfinished.length} benchmark(s) did not finish: ${unfinished.map(({ benchmark }) => benchmark).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await cluster.stop();
}
