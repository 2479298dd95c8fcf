// Exec throughput: a command in the real node's pod writes N bytes (zeros, or a random file it made first) with
// and without a tty; bytes/s through Porthole's core (acknowledging at once), `kubectl exec` to
// /dev/null and @kubernetes/client-node's Exec to a counting sink, side by side in each round.
// The rate is the payload the pod wrote over the wall time from opening the session to its end,
// handshake included for every tool (kubectl's process start too: its users pay it).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { PassThrough, Writable } from 'node:stream';
import { Exec, KubeConfig } from '@kubernetes/client-node';
import type { PortholeCore } from '../main/core/core.ts';
import { kubectl } from '../test/cluster/kubectl.ts';
import { firstContainer, type BenchContext } from './context.ts';
import { CoreSink } from './core-sink.ts';
import { clusterPids, profileSummary } from './profile.ts';
import { kubectlEnv, peerExited, shellLine, timeCommand } from './processes.ts';
import { measure, sideBySide, type BenchResult } from './results.ts';

export interface ExecThroughputSizes {
  readonly bytes: number;
}

const RANDOM_FILE = '/tmp/bench-random.bin';

export async function execThroughput(context: BenchContext, core: PortholeCore, sizes: ExecThroughputSizes): Promise<BenchResult[]> {
  const { cluster } = context;
  const pod = cluster.pods.single;
  const container = firstContainer(pod);
  // Made inside the container, once: every tool then reads the same bytes from the same file.
  const made = await kubectl(cluster.kubeconfigPath, [
    'exec', '-n', pod.namespace, pod.name, '-c', container, '--', 'sh', '-c', `head -c ${sizes.bytes} /dev/urandom > ${RANDOM_FILE}`,
  ]);
  if (made.code !== 0) throw new Error(`could not make ${RANDOM_FILE} in ${pod.name}: ${made.stderr}`);
  const sink = new CoreSink(core);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  const clientNode = new Exec(kubeConfig);
  const env = kubectlEnv(cluster.kubeconfigPath);
  const mib = (ms: number): number => sizes.bytes / (1024 * 1024) / (ms / 1000);

  const results: BenchResult[] = [];
  for (const source of [{ name: '/dev/zero', file: '/dev/zero' }, { name: 'random data', file: RANDOM_FILE }]) {
    const script = `head -c ${sizes.bytes} ${source.file}`;
    for (const tty of [false, true]) {
      context.progress(`exec throughput: ${source.name}, ${tty ? 'tty' : 'no tty'}`);
      const kubectlArgs = ['exec', ...(tty ? ['-it'] : []), '-n', pod.namespace, pod.name, '-c', container, '--', 'sh', '-c', script];
      const coreRun = async (): Promise<number> => {
        const started = performance.now();
        const info = await core.openExec({
          context: cluster.contexts.admin,
          namespace: pod.namespace,
          pod: pod.name,
          container,
          command: { kind: 'argv', argv: ['sh', '-c', script] },
          tty,
          // A terminal comes with stdin, as with kubectl -it.
          stdin: tty,
        });
        const tally = await sink.ended(info.id);
        const elapsed = performance.now() - started;
        core.close(info.id);
        if (tally.bytes < sizes.bytes) throw new Error(`Porthole received ${tally.bytes} of ${sizes.bytes} bytes`);
        return mib(elapsed);
      };
      const samples = await sideBySide(context.repetitions, {
        core: coreRun,
        kubectl: async () => {
          if (!tty) return mib(await timeCommand('kubectl', kubectlArgs, env));
          // kubectl allocates a tty only when its stdin is a terminal: `script` gives it one, and
          // its stdout still goes to /dev/null.
          const started = performance.now();
          const child = spawn('script', ['-qfc', `${shellLine(['kubectl', ...kubectlArgs])} >/dev/null`, '/dev/null'], {
            stdio: ['pipe', 'ignore', 'pipe'],
            env,
          });
          await peerExited(child, 'script -c kubectl exec -it');
          return mib(performance.now() - started);
        },
        clientNode: async () => {
          let received = 0;
          const counter = new Writable({
            write(chunk: Buffer, _encoding, callback) {
              received += chunk.length;
              callback();
            },
          });
          // As with the others, a terminal comes with stdin, left open.
          const stdin = tty ? new PassThrough() : null;
          const started = performance.now();
          const socket = await clientNode.exec(pod.namespace, pod.name, container, ['sh', '-c', script], counter, counter, stdin, tty);
          await new Promise<void>((resolve) => socket.once('close', () => resolve()));
          const elapsed = performance.now() - started;
          stdin?.destroy();
          if (received < sizes.bytes) throw new Error(`client-node received ${received} of ${sizes.bytes} bytes`);
          return mib(elapsed);
        },
      });
      const kubectlLine = tty ? `script -qfc "kubectl ${kubectlArgs.slice(0, 2).join(' ')} ... -- sh -c '${script}' >/dev/null" /dev/null` : `kubectl ${kubectlArgs.slice(0, 1).join(' ')} ... -- sh -c '${script}' >/dev/null`;
      const common = {
        benchmark: 'Exec throughput',
        case: `${sizes.bytes / (1024 * 1024)} MiB from ${source.name}, ${tty ? 'tty' : 'no tty'}`,
        unit: 'MiB/s',
        higherIsBetter: true,
        porthole: measure('Porthole core (openExec, ack at once)', samples.core),
      };
      const kubectl = measure('kubectl exec (WebSocket) to /dev/null', samples.kubectl);
      const met = common.porthole.median >= kubectl.median;
      const finding = met
        ? undefined
        : 'One more Porthole run under the profiler: ' + (await profileSummary(async () => void (await coreRun()), clusterPids(cluster)));
      results.push({
        ...common,
        peer: kubectl,
        target: { text: 'Porthole >= kubectl', met },
        ...(finding === undefined ? {} : { finding }),
        command: `core.openExec({command: sh -c '${script}', tty: ${tty}}) vs ${kubectlLine}`,
      });
      results.push({
        ...common,
        peer: measure('@kubernetes/client-node 2.0.1 Exec to a sink', samples.clientNode),
        command: `core.openExec(...) vs new Exec(kubeConfig).exec(ns, pod, c, ['sh','-c','${script}'], sink, sink, null, ${tty})`,
      });
    }
  }
  return results;
}
