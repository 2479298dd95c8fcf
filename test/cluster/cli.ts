// `npm run cluster:up` / `npm run cluster:down`: a test cluster that outlives the command.
//
//   node test/cluster/cli.ts up      start one (or report the one already up), print how to use it
//   node test/cluster/cli.ts down    stop it
//   node test/cluster/cli.ts status  print the running cluster's details, or say there is none
//
// `up` starts a detached supervisor (this file with the internal `serve` command) that owns the
// cluster and stops it on SIGTERM. Its state file, ${PORTHOLE_CACHE:-~/.cache/porthole}/run/cluster.json,
// records its pid and every component's process group, so `down` can clean up even after the
// supervisor was killed.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot } from './binaries.ts';
import { clusterInfoOf, startCluster, type ClusterInfo } from './cluster.ts';
import { groupAlive, isRunning, tailOf } from './processes.ts';
import { reapOrphans } from './real-node/host-footprint.ts';

type State = ClusterInfo & { supervisorPid: number };

const runDir = join(cacheRoot(), 'run');
const stateFile = join(runDir, 'cluster.json');
const supervisorLog = join(runDir, 'supervisor.log');

function readState(): State | undefined {
  if (!existsSync(stateFile)) return undefined;
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function printUsage(state: State): void {
  const kubectl = `kubectl --kubeconfig ${state.kubeconfigPath}`;
  const { single } = state.pods;
  console.log(`Porthole test cluster is up: ${state.server} (Kubernetes ${state.versions.kubernetes}, kwok ${state.versions.kwok})`);
  console.log(`nodes:      ${state.realNode.name} (real: kubelet + containerd + runc, ${state.realNode.ip}) Ready, ${state.node} (kwok) Ready`);
  console.log(`kubeconfig: ${state.kubeconfigPath}`);
  console.log(`contexts:   ${Object.values(state.contexts).join(', ')} (current: ${state.contexts.admin})`);
  console.log('try:');
  console.log(`  ${kubectl} get pods -A`);
  console.log(`  ${kubectl} exec -it -n ${single.namespace} ${single.name} -- bash`);
  console.log(`  ${kubectl} exec -n ${single.namespace} ${single.name} -- sh -c 'exit 3'; echo $?   # 3`);
  console.log(`  ${kubectl} logs -f -n ${state.pods.seq.namespace} ${state.pods.seq.name}`);
  console.log(`  export KUBECONFIG=${state.kubeconfigPath}`);
  console.log('stop it with: npm run cluster:down');
}

async function up(): Promise<number> {
  const existing = readState();
  if (existing !== undefined && isRunning(existing.supervisorPid)) {
    printUsage(existing);
    return 0;
  }
  if (existing !== undefined) await down(); // stale: its supervisor died

  mkdirSync(runDir, { recursive: true });
  writeFileSync(supervisorLog, '');
  const logFd = openSync(supervisorLog, 'a');
  const supervisor = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve'], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  supervisor.unref();
  let exitedWith: string | undefined;
  supervisor.on('exit', (code, signal) => (exitedWith = signal ?? `exit code ${code}`));

  // Relay the supervisor's progress until it reports the cluster ready, or dies.
  let shown = 0;
  const relay = (): void => {
    const text = readFileSync(supervisorLog, 'utf8');
    process.stdout.write(text.slice(shown));
    shown = text.length;
  };
  while (readState()?.supervisorPid !== supervisor.pid) {
    relay();
    if (exitedWith !== undefined) {
      relay();
      console.error(`the cluster supervisor stopped (${exitedWith}) before the cluster was ready; log: ${supervisorLog}`);
      return 1;
    }
    await sleep(250);
  }
  relay();
  const state = readState();
  if (state === undefined) return 1;
  printUsage(state);
  return 0;
}

async function serve(): Promise<void> {
  const cluster = await startCluster({ onProgress: (line) => console.log(line) });
  const { stop } = cluster;
  const state: State = { ...clusterInfoOf(cluster), supervisorPid: process.pid };
  writeFileSync(stateFile, JSON.stringify(state, null, 2));
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      console.log(`${signal}: stopping the cluster`);
      void stop().finally(() => {
        rmSync(stateFile, { force: true });
        process.exit(0);
      });
    });
  }
}

async function down(): Promise<number> {
  const state = readState();
  if (state === undefined) {
    console.log('no test cluster is running');
    rmSync(stateFile, { force: true });
    return 0;
  }
  if (isRunning(state.supervisorPid)) {
    process.kill(state.supervisorPid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (isRunning(state.supervisorPid) && Date.now() < deadline) await sleep(100);
    if (isRunning(state.supervisorPid)) process.kill(state.supervisorPid, 'SIGKILL');
  }
  // The supervisor's own cleanup normally did this; these catch a supervisor that was killed.
  for (const [name, pgid] of Object.entries(state.pids)) {
    if (groupAlive(pgid)) {
      console.log(`killing leftover ${name} (process group ${pgid})`);
      process.kill(-pgid, 'SIGKILL');
    }
  }
  // A killed supervisor's containers, shims, mounts, bridge and cgroups outlive it.
  const swept = reapOrphans();
  if (swept.length > 0) console.log(`removed what ${swept.length} real node(s) left on this machine`);
  rmSync(state.dir, { recursive: true, force: true });
  rmSync(stateFile, { force: true });
  console.log(`test cluster ${state.server} stopped`);
  return 0;
}

function status(): number {
  const state = readState();
  if (state === undefined || !isRunning(state.supervisorPid)) {
    console.log('no test cluster is running');
    return 1;
  }
  printUsage(state);
  console.log(`supervisor pid ${state.supervisorPid}; components: ${JSON.stringify(state.pids)}`);
  console.log(`supervisor log (tail):\n${tailOf(supervisorLog, 5)}`);
  return 0;
}

const command = process.argv[2];
switch (command) {
  case 'up':
    process.exitCode = await up();
    break;
  case 'down':
    process.exitCode = await down();
    break;
  case 'status':
    process.exitCode = status();
    break;
  case 'serve':
    await serve().catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
    break;
  default:
    console.error('usage: node test/cluster/cli.ts up|down|status');
    process.exitCode = 2;
}
