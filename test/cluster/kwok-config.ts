// kwok's --config file for one run: the static Stages from kwok/stages.yaml (node Ready, pods
// Running, deleted pods gone), followed by where the fake pods' logs come from: CRI-format files
// of this run. kwok's node carries only what a fake kubelet is for: the 10,000 pods of the scale
// benchmark, the benchmarks' million-line log, and the `fake` seed pod; every pod that streams
// runs on the real node (real-node/).
// The documents are JSON, which YAML (and so kwok's loader) accepts as is.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_LOG_POD } from './fixtures.ts';

const clusterDir = dirname(fileURLToPath(import.meta.url));

export type LogFiles = {
  /** Every fake pod's log but the benchmarks': STATIC_LOG_LINES.default. */
  default: string;
  /** The benchmarks' big log (bench/), written by them. */
  benchLog: string;
};

const kwokApi = 'kwok.x-k8s.io/v1alpha1';

export async function buildKwokConfig(logs: LogFiles): Promise<string> {
  const stages = await readFile(join(clusterDir, 'kwok', 'stages.yaml'), 'utf8');
  const documents: object[] = [
    // kwok takes the first ClusterLogs whose selector matches, so the specific one comes first.
    {
      apiVersion: kwokApi,
      kind: 'ClusterLogs',
      metadata: { name: 'bench-log' },
      spec: {
        selector: { matchNamespaces: [BENCH_LOG_POD.namespace], matchNames: [BENCH_LOG_POD.name] },
        logs: [{ logsFile: logs.benchLog }],
      },
    },
    {
      apiVersion: kwokApi,
      kind: 'ClusterLogs',
      metadata: { name: 'default' },
      spec: { logs: [{ logsFile: logs.default }] },
    },
  ];
  return [stages.trimEnd(), ...documents.map((document) => JSON.stringify(document, null, 2))].join('\n---\n') + '\n';
}
