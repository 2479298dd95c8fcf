// kwok's --config file for one run: the static Stages from kwok/stages.yaml, followed by the
// kubelet-side behaviour of the fake pods, which points at this run's files and ports:
//   ClusterExec         exec runs real local commands in a scratch directory (a pty for tty);
//   ClusterLogs         logs come from CRI-format files, including a previous container's;
//   ClusterAttach       attach follows the growing `seq` log;
//   ClusterPortForward  port 8080 is echoed through `cat`, 8081 reaches a local HTTP server.
// The documents are JSON, which YAML (and so kwok's loader) accepts as is.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_LOG_POD, PORT_FORWARD_PORTS, SEED_PODS } from './fixtures.ts';

const clusterDir = dirname(fileURLToPath(import.meta.url));

export type LogFiles = {
  default: string;
  multiApp: string;
  multiSidecar: string;
  multiSetup: string;
  seq: string;
  restartedCurrent: string;
  restartedPrevious: string;
  /** The benchmarks' big log (bench/), written by them. */
  benchLog: string;
};

export type KwokConfigInput = {
  scratchDir: string;
  /** Set in every exec'd command's environment, so teardown can find the ones that escaped. */
  execMark: { name: string; value: string };
  logs: LogFiles;
  httpTargetPort: number;
};

const kwokApi = 'kwok.x-k8s.io/v1alpha1';

function only(pod: { namespace: string; name: string }): object {
  return { matchNamespaces: [pod.namespace], matchNames: [pod.name] };
}

export async function buildKwokConfig(input: KwokConfigInput): Promise<string> {
  const stages = await readFile(join(clusterDir, 'kwok', 'stages.yaml'), 'utf8');
  const documents: object[] = [
    {
      apiVersion: kwokApi,
      kind: 'ClusterExec',
      metadata: { name: 'local-shell' },
      spec: {
        execs: [
          {
            local: {
              workDir: input.scratchDir,
              // A recognisable prompt for tests that drive an interactive shell.
              envs: [
                { name: 'HOME', value: input.scratchDir },
                { name: 'PS1', value: 'porthole$ ' },
                input.execMark,
              ],
            },
          },
        ],
      },
    },
    // kwok takes the first ClusterLogs whose selector matches, so the specific ones come first.
    {
      apiVersion: kwokApi,
      kind: 'ClusterLogs',
      metadata: { name: 'seq' },
      spec: { selector: only(SEED_PODS.seq), logs: [{ logsFile: input.logs.seq, follow: true }] },
    },
    {
      apiVersion: kwokApi,
      kind: 'ClusterLogs',
      metadata: { name: 'multi' },
      spec: {
        selector: only(SEED_PODS.multi),
        logs: [
          { containers: ['app'], logsFile: input.logs.multiApp },
          { containers: ['sidecar'], logsFile: input.logs.multiSidecar },
          { containers: ['setup'], logsFile: input.logs.multiSetup },
        ],
      },
    },
    {
      apiVersion: kwokApi,
      kind: 'ClusterLogs',
      metadata: { name: 'restarted' },
      spec: {
        selector: only(SEED_PODS.restarted),
        logs: [{ logsFile: input.logs.restartedCurrent, previousLogsFile: input.logs.restartedPrevious }],
      },
    },
    {
      apiVersion: kwokApi,
      kind: 'ClusterLogs',
      metadata: { name: 'bench-log' },
      spec: { selector: only(BENCH_LOG_POD), logs: [{ logsFile: input.logs.benchLog }] },
    },
    {
      apiVersion: kwokApi,
      kind: 'ClusterLogs',
      metadata: { name: 'default' },
      spec: { logs: [{ logsFile: input.logs.default }] },
    },
    {
      apiVersion: kwokApi,
      kind: 'ClusterAttach',
      metadata: { name: 'seq' },
      spec: { attaches: [{ logsFile: input.logs.seq }] },
    },
    {
      apiVersion: kwokApi,
      kind: 'ClusterPortForward',
      metadata: { name: 'local' },
      spec: {
        forwards: [
          { ports: [PORT_FORWARD_PORTS.echo], command: ['cat'] },
          { ports: [PORT_FORWARD_PORTS.http], target: { address: '127.0.0.1', port: input.httpTargetPort } },
        ],
      },
    },
  ];
  return [stages.trimEnd(), ...documents.map((document) => JSON.stringify(document, null, 2))].join('\n---\n') + '\n';
}
