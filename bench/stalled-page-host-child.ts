// The main-process side of the stalled-page benchmark, in a process of its own so its memory is
// the core's and the web host's alone (as an Electron main process's would be), not the benchmark
// driver's with its playwright client: the REAL core behind the REAL web host, serving the built
// renderer.
//
//   node bench/stalled-page-host-child.ts '<JSON StalledPageHostPlan>'
//
// Talks in lines: prints the host's one-time link (as JSON) once it listens; on "stats" prints one
// JSON HostStats line; on "live" collects garbage and prints {"liveBytes": N} (gc.ts); on "exit"
// closes everything and exits.
import { createInterface } from 'node:readline';
import { createCore } from '../main/core/create-core.ts';
import { startWebHost } from '../main/web-host/web-host.ts';
import { liveBytes } from './gc.ts';

export interface StalledPageHostPlan {
  readonly kubeconfigPath: string;
  readonly rendererDir: string;
}

export interface HostStats {
  /** process.memoryUsage() of this process, bytes. */
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly arrayBuffersBytes: number;
  /** Terminal output bytes the core has read from the pods so far, every session summed. */
  readonly produced: number;
  /** Output bytes acknowledged to the core so far (by the renderer, through the bridge's hub). */
  readonly acknowledged: number;
  /** Pages connected to the web host right now. */
  readonly connections: number;
}

const plan = JSON.parse(process.argv[2] ?? '{}') as StalledPageHostPlan;
const core = await createCore({ kubeconfigEnv: plan.kubeconfigPath, watch: false });
let produced = 0;
let acknowledged = 0;
core.onSessionEvent((event) => {
  if (event.kind === 'output') produced += event.bytes.length;
});
// Counted on the way in: the hub forwards what every bound page has processed, nothing more.
const acknowledge = core.acknowledge.bind(core);
core.acknowledge = (id, amount) => {
  acknowledged += amount;
  acknowledge(id, amount);
};
const host = await startWebHost({ core, appInfo: { name: 'Porthole', version: 'bench', host: 'web' }, rendererDir: plan.rendererDir });
console.log(JSON.stringify({ url: host.url }));

for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'stats') {
    const usage = process.memoryUsage();
    const stats: HostStats = {
      rssBytes: usage.rss,
      heapUsedBytes: usage.heapUsed,
      arrayBuffersBytes: usage.arrayBuffers,
      produced,
      acknowledged,
      connections: host.connections,
    };
    console.log(JSON.stringify(stats));
  } else if (line === 'live') {
    console.log(JSON.stringify({ liveBytes: liveBytes() }));
  } else if (line === 'exit') {
    break;
  }
}
await host.close();
await core.dispose();
process.exit(0);
