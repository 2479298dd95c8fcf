// File transfer: one large file and a directory of many small files, downloaded and uploaded
// through Porthole's core (main/core/files/) and through the machine's `kubectl cp`, side by side
// on the same pod of the real node. Throughput is the payload over the wall time from the start to
// the last byte on the other side (Porthole's SHA-256 check afterwards is not counted: kubectl cp
// checks nothing); main's RSS growth is the peak over the start, sampled every 50 ms, per Porthole run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../main/core/create-core.ts';
import type { PodRef } from '../shared/bridge/sessions.ts';
import type { TransferInfo } from '../shared/bridge/transfers.ts';
import { createApiClient } from '../test/cluster/api-client.ts';
import { adminCredentials } from '../test/cluster/create-pods.ts';
import { kubectl } from '../test/cluster/kubectl.ts';
import { scriptPodManifest } from '../test/cluster/real-node/seed-manifests.ts';
import type { BenchContext } from './context.ts';
import { kubectlEnv, timeCommand } from './processes.ts';
import { measure, sideBySide, type BenchResult } from './results.ts';

export interface FileTransferSizes {
  readonly bytes: number;
  readonly files: number;
}

const NAMESPACE = 'porthole-a';
const POD = 'bench-file-transfer';
const MB = 1_000_000;
/** The bound on main's growth during a transfer. */
const RSS_BOUND_MB = 50;

export async function fileTransfer(context: BenchContext, sizes: FileTransferSizes): Promise<BenchResult[]> {
  const { cluster } = context;
  const admin = createApiClient(adminCredentials(cluster.kubeconfigPath));
  const local = mkdtempSync(join(tmpdir(), 'porthole-bench-transfer-'));
  const downloads = join(local, 'downloads');
  const core = await createCore({ kubeconfigEnv: cluster.kubeconfigPath, watch: false, downloadsDirectory: downloads });
  const target: PodRef = { context: cluster.contexts.admin, namespace: NAMESPACE, pod: POD, container: 'main' };
  const env = kubectlEnv(cluster.kubeconfigPath);
  const inPod = async (script: string): Promise<void> => {
    const done = await kubectl(cluster.kubeconfigPath, ['exec', '-n', NAMESPACE, POD, '-c', 'main', '--', 'sh', '-c', script], { timeoutMs: 600_000 });
    if (done.code !== 0) throw new Error(`${script} in ${POD} failed: ${done.stderr}`);
  };
  try {
    await admin.post(`/api/v1/namespaces/${NAMESPACE}/pods`, scriptPodManifest({ namespace: NAMESPACE, name: POD }, 'exec sleep 1000000', cluster.images));
    while ((await admin.get<{ status?: { phase?: string } }>(`/api/v1/namespaces/${NAMESPACE}/pods/${POD}`)).status?.phase !== 'Running') {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    context.progress(`file transfer: making ${sizes.bytes} random bytes and ${sizes.files} small files in ${POD}`);
    await inPod(`head -c ${sizes.bytes} /dev/urandom > /tmp/big.bin && mkdir /tmp/small && cd /tmp/small && i=0; while [ $i -lt ${sizes.files} ]; do echo "file $i" > f$i; i=$((i+1)); done`);
    const smallBytes = Array.from({ length: sizes.files }, (_, index) => `file ${index}\n`.length).reduce((sum, length) => sum + length, 0);

    let round = 0;
    const results: BenchResult[] = [];
    const cases = [
      { name: `${sizes.bytes / 1024 ** 2} MiB, one file`, remote: '/tmp/big.bin', item: 'big.bin', bytes: sizes.bytes },
      { name: `${sizes.files} files of ${(smallBytes / sizes.files).toFixed(0)} B`, remote: '/tmp/small', item: 'small', bytes: smallBytes },
    ];
    for (const subject of cases) {
      const growth = { download: [] as number[], upload: [] as number[] };
      const timed = async (direction: 'download' | 'upload', start: () => Promise<TransferInfo | null>): Promise<number> => {
        const before = process.memoryUsage.rss();
        let peak = before;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
        const started = performance.now();
        const info = await start();
        // Null: a download whose place the user declined; this core asks nobody.
        if (info === null) throw new Error(`Porthole's ${direction} of ${subject.remote} did not start`);
        // The bytes are all across once the check starts (or the transfer ended some other way).
        const moved = await new Promise<number>((resolve) => {
          const stop = core.onTransferEvent(({ transfer }) => {
            if (transfer.id !== info.id || transfer.state.kind === 'running') return;
            stop();
            resolve(performance.now() - started);
          });
        });
        const end = await core.transfers.finished(info.id);
        clearInterval(sampler);
        if (end.state.kind !== 'done' || end.state.verification.kind !== 'verified') throw new Error(`Porthole's ${direction} of ${subject.remote} ended ${JSON.stringify(end.state)}`);
        growth[direction].push((peak - before) / MB);
        return subject.bytes / 1024 ** 2 / (moved / 1000);
      };
      context.progress(`file transfer: ${subject.name}`);
      // The upload's source: the same bytes, fetched once.
      const source = join(local, 'source', subject.item);
      const fetched = await kubectl(cluster.kubeconfigPath, ['cp', '-c', 'main', `${NAMESPACE}/${POD}:${subject.remote}`, source], { timeoutMs: 600_000 });
      if (fetched.code !== 0) throw new Error(`kubectl cp of ${subject.remote} failed: ${fetched.stderr}`);
      const samples = await sideBySide(context.repetitions, {
        coreDown: async () => {
          const rate = await timed('download', () => core.startDownload({ target, remotePath: subject.remote }));
          rmSync(downloads, { recursive: true, force: true });
          return rate;
        },
        kubectlDown: async () => {
          const destination = join(local, `kubectl-down-${++round}`);
          const ms = await timeCommand('kubectl', ['cp', '-c', 'main', `${NAMESPACE}/${POD}:${subject.remote}`, destination], env);
          rmSync(destination, { recursive: true, force: true });
          return subject.bytes / 1024 ** 2 / (ms / 1000);
        },
        coreUp: async () => {
          const remote = `/tmp/core-up-${++round}`;
          await inPod(`mkdir ${remote}`);
          const rate = await timed('upload', () => core.transfers.uploadLocal(target, remote, [source]));
          await inPod(`rm -rf ${remote}`);
          return rate;
        },
        kubectlUp: async () => {
          const remote = `/tmp/kubectl-up-${++round}`;
          const ms = await timeCommand('kubectl', ['cp', '-c', 'main', source, `${NAMESPACE}/${POD}:${remote}`], env);
          await inPod(`rm -rf ${remote}`);
          return subject.bytes / 1024 ** 2 / (ms / 1000);
        },
      });
      for (const direction of ['download', 'upload'] as const) {
        const ours = measure(`Porthole core (${direction === 'download' ? 'startDownload' : 'uploadLocal'})`, direction === 'download' ? samples.coreDown : samples.coreUp);
        const theirs = measure('kubectl cp', direction === 'download' ? samples.kubectlDown : samples.kubectlUp);
        results.push({
          benchmark: 'File transfer',
          case: `${direction}: ${subject.name}`,
          unit: 'MiB/s',
          higherIsBetter: true,
          porthole: ours,
          peer: theirs,
          target: { text: 'Porthole >= kubectl cp', met: ours.median >= theirs.median },
          command: direction === 'download' ? `core.startDownload({remotePath: '${subject.remote}'}) vs kubectl cp ns/pod:${subject.remote} DIR` : `core.transfers.uploadLocal(pod, DIR, [local]) vs kubectl cp local ns/pod:DIR`,
          note: "Porthole's time ends when the last byte is across; its SHA-256 check in the container follows (not counted; kubectl cp checks nothing).",
        });
        const rss = measure("Porthole main's RSS growth (peak over start)", growth[direction]);
        results.push({
          benchmark: 'File transfer',
          case: `${direction}: ${subject.name}, main's memory`,
          unit: 'MB',
          higherIsBetter: false,
          porthole: rss,
          target: { text: `< ${RSS_BOUND_MB} MB`, met: rss.median < RSS_BOUND_MB && Math.max(...growth[direction]) < RSS_BOUND_MB },
          command: 'process.memoryUsage.rss() every 50 ms during each Porthole run',
        });
      }
    }
    return results;
  } finally {
    await core.dispose();
    await admin.raw('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods/${POD}`);
    admin.close();
    rmSync(local, { recursive: true, force: true });
  }
}
