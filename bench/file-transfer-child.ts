// The Porthole side of the file-transfer benchmark, in a process of its own as the app's main
// process would be, not in the benchmark's process, whose one thread runs the harness and times the
// kubectl peer. Measured before every benchmark got a process of its own (isolated.ts), when the
// harness process also held what 28 minutes of earlier benchmarks had left: in the full run of
// 2026-12-06 the 1 GiB download ran at 0.71 of kubectl cp inside it and at 0.97 in a run of this
// benchmark alone; in this process, 0.98 alone (92.9 vs 95.0 MiB/s) and 0.89 in the next full run, on
// a machine whose two cores were both busy (the API server, the kubelet, containerd and tar take the
// rest).
//
//   node bench/file-transfer-child.ts '<JSON FileTransferPlan>'
//
// Talks in lines: prints "ready" once the core exists; then for each line it reads (a
// TransferOrder as JSON) runs that transfer and prints a TransferTiming as JSON; "exit" ends it.
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { createCore } from '../main/core/create-core.ts';
import type { PodRef } from '../shared/bridge/sessions.ts';
import type { TransferInfo } from '../shared/bridge/transfers.ts';

export interface FileTransferPlan {
  readonly kubeconfigPath: string;
  readonly downloadsDirectory: string;
  readonly target: PodRef;
}

export type TransferOrder = { readonly direction: 'download'; readonly remote: string } | { readonly direction: 'upload'; readonly remote: string; readonly source: string };

/** The time until the last byte was across, then the check's; main's peak RSS growth, and the CPU time it used until the last byte. */
export type TransferTiming = { readonly movedMs: number; readonly checkedMs: number; readonly rssGrowthBytes: number; readonly cpuMs: number } | { readonly error: string };

const plan = JSON.parse(process.argv[2] ?? '{}') as FileTransferPlan;
const core = await createCore({ kubeconfigEnv: plan.kubeconfigPath, watch: false, downloadsDirectory: plan.downloadsDirectory });

async function timed(start: () => Promise<TransferInfo | null>): Promise<TransferTiming> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const info = await start();
    // Null: a download whose place the user declined; this core asks nobody.
    if (info === null) return { error: 'the transfer did not start' };
    // The bytes are all across once the check starts (or the transfer ended some other way).
    let cpuMs = 0;
    const movedMs = await new Promise<number>((resolve) => {
      const stop = core.onTransferEvent(({ transfer }) => {
        if (transfer.id !== info.id || transfer.state.kind === 'running') return;
        stop();
        cpuMs = cpuMsSince(cpu);
        resolve(performance.now() - started);
      });
    });
    const end = await core.transfers.finished(info.id);
    const checkedMs = performance.now() - started - movedMs;
    if (end.state.kind !== 'done' || end.state.verification.kind !== 'verified') return { error: `ended ${JSON.stringify(end.state)}` };
    return { movedMs, checkedMs, rssGrowthBytes: peak - before, cpuMs };
  } finally {
    clearInterval(sampler);
  }
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'exit') break;
  const order = JSON.parse(line) as TransferOrder;
  const timing =
    order.direction === 'download'
      ? await timed(() => core.startDownload({ target: plan.target, remotePath: order.remote }))
      : await timed(() => core.transfers.uploadLocal(plan.target, order.remote, [order.source]));
  console.log(JSON.stringify(timing));
}
await core.dispose();
process.exit(0);
