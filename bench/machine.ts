// The machine a run was measured on, for BENCHMARKS.md: cores, memory, Node, kube-apiserver.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { ClusterInfo } from '../test/cluster/cluster.ts';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly kubeApiServer: string;
  readonly kubectl: string;
  readonly os: string;
}

export async function machineInfo(cluster: ClusterInfo): Promise<MachineInfo> {
  const kubectl = JSON.parse(execFileSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' })) as {
    clientVersion: { gitVersion: string };
  };
  const server = JSON.parse(
    execFileSync('kubectl', ['--kubeconfig', cluster.kubeconfigPath, 'get', '--raw', '/version'], { encoding: 'utf8' }),
  ) as { gitVersion: string };
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kubeApiServer: server.gitVersion,
    kubectl: kubectl.clientVersion.gitVersion,
    os: `${os.type()} ${os.release()}`,
  };
}
