// Logs ingest: a pod whose log is a pre-written file of N lines (1,000,000 in the full run), read to
// its end through Porthole's core (a consumer acknowledging at once, counting lines) vs
// `kubectl logs` to /dev/null, in lines/s, side by side in each round.
import { open } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { PortholeCore } from '../main/core/core.ts';
import { createApiClient } from '../test/cluster/api-client.ts';
import { adminCredentials } from '../test/cluster/create-pods.ts';
import { BENCH_LOG_POD, fakePodManifest, namespaceManifest, serviceAccountManifest } from '../test/cluster/fixtures.ts';
import type { BenchContext } from './context.ts';
import { CoreSink } from './core-sink.ts';
import { criLine } from './log-lines.ts';
import { clusterPids, profileSummary } from './profile.ts';
import { kubectlEnv, timeCommand } from './processes.ts';
import { measure, sideBySide, type BenchResult } from './results.ts';

export interface LogsIngestSizes {
  readonly lines: number;
}

const WRITE_BATCH_LINES = 10_000;
const RUNNING_TIMEOUT_MS = 60_000;
const TARGET_LINES_PER_SECOND = 500_000;

/** Writes lines 0 to lines-1 (criLine) as the whole file. */
export async function writeLogFile(path: string, lines: number): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (let start = 0; start < lines; start += WRITE_BATCH_LINES) {
      let batch = '';
      for (let index = start; index < Math.min(lines, start + WRITE_BATCH_LINES); index++) batch += criLine(index);
      await file.write(batch);
    }
  } finally {
    await file.close();
  }
}

/** Creates the bench-log pod and its namespace (idempotent) and waits until kwok reports it Running. */
export async function ensureBenchLogPod(kubeconfigPath: string): Promise<void> {
  const client = createApiClient(adminCredentials(kubeconfigPath));
  try {
    const namespace = BENCH_LOG_POD.namespace;
    await client.ensure('/api/v1/namespaces', namespaceManifest(namespace));
    await client.ensure(`/api/v1/namespaces/${namespace}/serviceaccounts`, serviceAccountManifest(namespace));
    const pods = `/api/v1/namespaces/${namespace}/pods`;
    await client.ensure(pods, fakePodManifest(BENCH_LOG_POD));
    const deadline = Date.now() + RUNNING_TIMEOUT_MS;
    while ((await client.get<{ status?: { phase?: string } }>(`${pods}/${BENCH_LOG_POD.name}`)).status?.phase !== 'Running') {
      if (Date.now() > deadline) throw new Error(`${BENCH_LOG_POD.name} was not Running after ${RUNNING_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    client.close();
  }
}

export async function logsIngest(context: BenchContext, core: PortholeCore, sizes: LogsIngestSizes): Promise<BenchResult[]> {
  const { cluster } = context;
  context.progress(`logs ingest: writing ${sizes.lines} lines`);
  await writeLogFile(cluster.benchLogPath, sizes.lines);
  await ensureBenchLogPod(cluster.kubeconfigPath);
  const sink = new CoreSink(core);
  const container = BENCH_LOG_POD.containers[0];
  const kubectlArgs = ['logs', '-n', BENCH_LOG_POD.namespace, BENCH_LOG_POD.name, '-c', container];
  const perSecond = (ms: number): number => sizes.lines / (ms / 1000);
  context.progress('logs ingest: reading');
  const coreRun = async (): Promise<number> => {
    const started = performance.now();
    const info = await core.openLogs({
      context: cluster.contexts.admin,
      namespace: BENCH_LOG_POD.namespace,
      pod: BENCH_LOG_POD.name,
      container,
      follow: false,
    });
    const tally = await sink.ended(info.id);
    const elapsed = performance.now() - started;
    core.close(info.id);
    if (tally.lines !== sizes.lines) throw new Error(`Porthole delivered ${tally.lines} of ${sizes.lines} lines`);
    return perSecond(elapsed);
  };
  const samples = await sideBySide(context.repetitions, {
    core: coreRun,
    kubectl: async () => perSecond(await timeCommand('kubectl', kubectlArgs, kubectlEnv(cluster.kubeconfigPath))),
  });
  const porthole = measure('Porthole core (openLogs, ack at once)', samples.core);
  const peer = measure('kubectl logs to /dev/null', samples.kubectl);
  const met = porthole.median >= TARGET_LINES_PER_SECOND;
  const finding = met
    ? undefined
    : `kubectl reads the same log at ${Math.round(peer.median)} lines/s. One more Porthole run under the profiler: ` +
      (await profileSummary(async () => void (await coreRun()), clusterPids(cluster)));
  return [
    {
      benchmark: 'Logs ingest',
      case: `${sizes.lines.toLocaleString('en-US')}-line log file (~120-byte lines), read to the end`,
      unit: 'lines/s',
      higherIsBetter: true,
      porthole,
      peer,
      target: { text: '>= 500,000 lines/s', met },
      ...(finding === undefined ? {} : { finding }),
      command: `core.openLogs({pod: ${BENCH_LOG_POD.name}, follow: false}) vs kubectl ${kubectlArgs.join(' ')} >/dev/null`,
    },
  ];
}
