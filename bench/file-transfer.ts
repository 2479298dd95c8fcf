// File transfer: one large file and a directory of many small files, downloaded and uploaded
// through Porthole's core (main/core/files/) and through the machine's `kubectl cp`, side by side
// on the same pod of the real node. Throughput is the payload over the wall time from the start to
// the last byte on the other side (Porthole's SHA-256 check afterwards, in the container and of the
// files on this machine side by side, is not counted: kubectl cp checks nothing; its time is given
// beside); main's RSS growth is the peak over the start, sampled every 50 ms, per Porthole run.
// Every timed run, Porthole's or kubectl's, starts with the machine's dirty pages written out, and
// no run's files are deleted before the case's last run is over (see deleteWhatTheCaseWrote).
// Porthole's core runs in a process of its own (file-transfer-child.ts), as in the app's main process.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PodRef } from '../shared/bridge/sessions.ts';
import { createApiClient } from '../test/cluster/api-client.ts';
import { adminCredentials } from '../test/cluster/create-pods.ts';
import { kubectl } from '../test/cluster/kubectl.ts';
import { scriptPodManifest } from '../test/cluster/real-node/seed-manifests.ts';
import type { BenchContext } from './context.ts';
import type { FileTransferPlan, TransferOrder, TransferTiming } from './file-transfer-child.ts';
import { exited, kubectlEnv, timeCommand } from './processes.ts';
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
const CHILD = fileURLToPath(new URL('./file-transfer-child.ts', import.meta.url));
/** The small files' content, as the pod's script writes it (`echo "file $i" > f$i`) and the upload's source here. */
const smallFileText = (index: number): string => `file ${index}\n`;
/**
 * What kubectl cp's failed rounds are. Seen on 2026-12-07 with kubectl 1.32 and 1.33 against this
 * 1.36 server, in 2 to 4 of 6 downloads of the 10,000 files: kubectl writes its WebSocket ping
 * 5 s after the start (its -v=6 log: "Websocket Ping succeeeded"), the API server has already sent
 * the end of the stream and closed, so the ping is answered with a reset, and the reset throws away
 * what kubectl had received but not yet read: 7,263 to 9,511 of the 10,000 files were written.
 */
const KUBECTL_CP_FAILURES =
  "kubectl cp's failed rounds are the known kubernetes/kubernetes#60140: its ping 5 s in meets a connection the server already closed, the reset discards what kubectl had not yet read, and it exits 1 with part of the files written. Only its finished rounds are in its median, and those are the ones that ended before that ping: its fastest.";

/**
 * Deletes what every run of a case wrote, here and in the pod, once the case's last run is over
 * (the 1 GiB case keeps ~20 GiB until then). Deleting each run's files after it made the next run
 * pay for the deletion, whichever tool that was: this machine's ext4 keeps no journal, and without
 * one its inode allocator passes over every inode freed in the last minute, one by one, for each
 * file it creates (the kernel's recently_deleted(): 40% of a profiled extraction). Measured on
 * 2026-12-07: DiskExtractor alone unpacking 10,000 small files from memory took 2.4-3.9 s a minute
 * after 10,000 other files were deleted, 0.7 s with nothing deleted; the small-files download, a
 * median of 3,552 files/s against kubectl cp's 2,667 when each run deleted its files, 8,449
 * against 5,645 kept (one run of this benchmark each). Each run came right after a deletion of the
 * other tool's, so the figures said more about the order of the runs than about either tool.
 */
async function deleteWhatTheCaseWrote(local: string, inPod: (script: string) => Promise<void>): Promise<void> {
  for (const name of readdirSync(local)) if (name !== 'source') rmSync(join(local, name), { recursive: true, force: true });
  await inPod('rm -rf /tmp/core-up-* /tmp/kubectl-up-*');
}

/** Porthole's core in its own process (file-transfer-child.ts), running one transfer at a time. */
class CoreChild {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #finished: Promise<void>;
  readonly #lines: AsyncIterator<string>;

  private constructor(plan: FileTransferPlan) {
    this.#child = spawn(process.execPath, [CHILD, JSON.stringify(plan)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#finished = exited(this.#child, 'file-transfer-child.ts');
    // Kept for the end: it carries the child's stderr if it failed.
    this.#finished.catch(() => {});
    this.#lines = createInterface({ input: this.#child.stdout })[Symbol.asyncIterator]();
  }

  static async start(plan: FileTransferPlan): Promise<CoreChild> {
    const child = new CoreChild(plan);
    if ((await child.#line()) !== 'ready') throw new Error('file-transfer-child.ts did not say "ready"');
    return child;
  }

  async run(order: TransferOrder): Promise<TransferTiming> {
    this.#child.stdin.write(`${JSON.stringify(order)}\n`);
    return JSON.parse(await this.#line()) as TransferTiming;
  }

  async exit(): Promise<void> {
    this.#child.stdin.end('exit\n');
    await this.#finished;
  }

  async #line(): Promise<string> {
    const next = await this.#lines.next();
    if (next.done !== true) return next.value;
    await this.#finished;
    throw new Error('file-transfer-child.ts ended without answering');
  }
}

/**
 * Writes out every dirty page of the machine (`sync`) before a timed run, so no run pays for the
 * writeback of the GiB the run before it wrote (both sides write one here and one in the container):
 * without it, on 2026-12-06, the same kubectl cp download ran at 61-92 MiB/s within one run.
 */
async function flushDisks(): Promise<void> {
  await exited(spawn('sync', [], { stdio: 'ignore' }), 'sync');
}

export async function fileTransfer(context: BenchContext, sizes: FileTransferSizes): Promise<BenchResult[]> {
  const { cluster } = context;
  const admin = createApiClient(adminCredentials(cluster.kubeconfigPath));
  const local = mkdtempSync(join(tmpdir(), 'porthole-bench-transfer-'));
  const target: PodRef = { context: cluster.contexts.admin, namespace: NAMESPACE, pod: POD, container: 'main' };
  const child = await CoreChild.start({ kubeconfigPath: cluster.kubeconfigPath, downloadsDirectory: join(local, 'downloads'), target });
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
    const smallBytes = Array.from({ length: sizes.files }, (_, index) => smallFileText(index).length).reduce((sum, length) => sum + length, 0);

    let round = 0;
    const results: BenchResult[] = [];
    const cases = [
      {
        name: `${sizes.bytes / 1024 ** 2} MiB, one file`,
        remote: '/tmp/big.bin',
        item: 'big.bin',
        unit: 'MiB/s',
        rate: (ms: number) => sizes.bytes / 1024 ** 2 / (ms / 1000),
        makeLocally: async (path: string) => {
          mkdirSync(dirname(path), { recursive: true });
          await exited(spawn('sh', ['-c', `head -c ${sizes.bytes} /dev/urandom > "$0"`, path], { stdio: ['ignore', 'ignore', 'pipe'] }), 'head -c N /dev/urandom');
        },
      },
      {
        name: `${sizes.files} files of ${(smallBytes / sizes.files).toFixed(0)} B`,
        remote: '/tmp/small',
        item: 'small',
        // Files a second: their bytes are too few for MiB/s to say anything (it read "0.03 MiB/s").
        unit: 'files/s',
        rate: (ms: number) => sizes.files / (ms / 1000),
        makeLocally: async (path: string) => {
          mkdirSync(path, { recursive: true });
          for (let index = 0; index < sizes.files; index++) writeFileSync(join(path, `f${index}`), smallFileText(index));
        },
      },
    ];
    for (const subject of cases) {
      const growth = { download: [] as number[], upload: [] as number[] };
      const checks = { download: [] as number[], upload: [] as number[] };
      const timed = async (order: TransferOrder): Promise<number> => {
        const timing = await child.run(order);
        if ('error' in timing) throw new Error(`Porthole's ${order.direction} of ${order.remote}: ${timing.error}`);
        growth[order.direction].push(timing.rssGrowthBytes / MB);
        checks[order.direction].push(timing.checkedMs / 1000);
        context.progress(`file transfer: Porthole ${order.direction} ${(timing.movedMs / 1000).toFixed(2)} s, its process on a CPU ${((100 * timing.cpuMs) / timing.movedMs).toFixed(0)}% of that time`);
        return subject.rate(timing.movedMs);
      };
      context.progress(`file transfer: ${subject.name}`);
      // The upload's source: made here the way the download's was made in the pod (not fetched with
      // kubectl cp, whose download of the small files fails in some rounds, see KUBECTL_CP_FAILURES).
      const source = join(local, 'source', subject.item);
      await subject.makeLocally(source);
      const samples = await sideBySide(context.repetitions, {
        coreDown: async () => {
          await flushDisks();
          return timed({ direction: 'download', remote: subject.remote });
        },
        kubectlDown: async () => {
          await flushDisks();
          const destination = join(local, `kubectl-down-${++round}`);
          return subject.rate(await timeCommand('kubectl', ['cp', '-c', 'main', `${NAMESPACE}/${POD}:${subject.remote}`, destination], env));
        },
        coreUp: async () => {
          const remote = `/tmp/core-up-${++round}`;
          await inPod(`mkdir ${remote}`);
          await flushDisks();
          return timed({ direction: 'upload', remote, source });
        },
        kubectlUp: async () => {
          const remote = `/tmp/kubectl-up-${++round}`;
          await flushDisks();
          return subject.rate(await timeCommand('kubectl', ['cp', '-c', 'main', source, `${NAMESPACE}/${POD}:${remote}`], env));
        },
      });
      await deleteWhatTheCaseWrote(local, inPod);
      for (const direction of ['download', 'upload'] as const) {
        const ours = measure(`Porthole core (${direction === 'download' ? 'startDownload' : 'uploadLocal'})`, direction === 'download' ? samples.coreDown : samples.coreUp);
        const theirs = measure('kubectl cp', direction === 'download' ? samples.kubectlDown : samples.kubectlUp);
        results.push({
          benchmark: 'File transfer',
          case: `${direction}: ${subject.name}`,
          unit: subject.unit,
          higherIsBetter: true,
          porthole: ours,
          peer: theirs,
          target: { text: 'Porthole >= kubectl cp', met: ours.median >= theirs.median },
          command: direction === 'download' ? `core.startDownload({remotePath: '${subject.remote}'}) vs kubectl cp ns/pod:${subject.remote} DIR` : `core.transfers.uploadLocal(pod, DIR, [local]) vs kubectl cp local ns/pod:DIR`,
          note:
            `Porthole's time ends when the last byte is across; its SHA-256 check follows, in the container and on this machine side by side (not counted; kubectl cp checks nothing): ${checks[direction].map((seconds) => seconds.toFixed(1)).join(', ')} s more.` +
            (theirs.failures.length === 0 ? '' : ` ${KUBECTL_CP_FAILURES}`),
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
    await child.exit();
    await admin.raw('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods/${POD}`);
    admin.close();
    rmSync(local, { recursive: true, force: true });
  }
}
