// Scale on screen: the scale benchmark's N pods (10,000 in the full run) in the real app in
// Chromium (web host, real core, built renderer). (a) From clicking the namespace in the sidebar
// to its first pod rows painted, to the namespace's pod count shown, and to the last pod's row
// painted after scrolling to the end; beside `kubectl get pods` (table, to a pipe) until its first
// line and until it ends. (b) From a status change written to the API server (PUT pods/NAME/status,
// one more restart) to the pod's row showing the new restart count, beside @kubernetes/client-node's
// Watch receiving the MODIFIED event. Runs after `scale`, which made the pods.
import { spawn } from 'node:child_process';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import type { Page } from 'playwright-core';
import { DEFAULT_COALESCE_MS } from '../main/core/resources/pod-change-batcher.ts';
import { createApiClient, type ApiClient } from '../test/cluster/api-client.ts';
import { adminCredentials, bulkPodName } from '../test/cluster/create-pods.ts';
import { treeRow, waitFor } from '../test/e2e/harness.ts';
import { requireBrowser, withBrowserApp } from './browser-app.ts';
import { BenchSetupError, type BenchContext } from './context.ts';
import { kubectlEnv, PeerCommandError, peerExited, shellLine } from './processes.ts';
import { measure, median, type BenchResult } from './results.ts';
import { ensureScalePods, SCALE_NAMESPACE, ScaleTimeoutError } from './scale.ts';

// `performance` here is the global one, not node:perf_hooks's import: the functions evaluated in
// the page use it too, and under vitest an imported name would be rewritten to a module variable
// the page does not have.

export interface ScaleOnScreenSizes {
  readonly pods: number;
  /** Status changes timed per round. */
  readonly changes: number;
}

/** Waits in the page and for the peer give up after this long, with their own message. */
const STEP_TIMEOUT_MS = 120_000;

interface PodStatusBody {
  status?: { containerStatuses?: Array<{ restartCount?: number }> };
}

/** Milliseconds (page clock) from clicking the namespace row to each stage being painted. */
interface FirstPaint {
  readonly firstRows: number;
  readonly counted: number;
  readonly lastRow: number;
}

/**
 * In the page: clicks the namespace row and times, on the page's own clock, until (1) a pod row of
 * the namespace, (2) the namespace's pod count reading `count`, (3) after scrolling the tree to
 * its end, the last pod's row, each painted. "Painted": a MutationObserver sees the DOM change and
 * posts a message; the message runs once that frame is painted, because the sidebar changes its
 * rows only within a frame's rendering steps (its animation-frame callback, its scroll handler).
 */
function firstPaintInPage(page: Page, args: { namespacePath: string; lastPodPath: string; count: number; timeoutMs: number }): Promise<FirstPaint> {
  return page.evaluate(async ({ namespacePath, lastPodPath, count, timeoutMs }) => {
    const afterPaint = (): Promise<number> =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    const until = (what: string, test: () => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        if (test()) return resolve();
        const observer = new MutationObserver(() => {
          if (!test()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`${what}: not on screen after ${timeoutMs} ms`));
        }, timeoutMs);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    const byPath = (path: string): HTMLElement | null => document.querySelector(`[role="treeitem"][data-path="${CSS.escape(path)}"]`);
    const namespaceRow = byPath(namespacePath);
    const tree = document.querySelector<HTMLElement>('[role="tree"]');
    if (namespaceRow === null || tree === null) throw new Error(`no sidebar row ${namespacePath}`);
    const podPrefix = `[role="treeitem"][data-path^="${CSS.escape(`${namespacePath}/`)}"]`;

    const started = performance.now();
    namespaceRow.click();
    await until('the first pod row', () => document.querySelector(podPrefix) !== null);
    const firstRows = (await afterPaint()) - started;
    await until(`the pod count ${count}`, () => byPath(namespacePath)?.querySelector('.count')?.textContent === String(count));
    const counted = (await afterPaint()) - started;
    tree.scrollTop = tree.scrollHeight;
    await until('the last pod row', () => byPath(lastPodPath) !== null);
    const lastRow = (await afterPaint()) - started;
    return { firstRows, counted, lastRow };
  }, args);
}

/** In the page: resolves once the row at `path` shows `text` as its restart count, painted (as above). */
function restartsShownInPage(page: Page, args: { path: string; text: string; timeoutMs: number }): Promise<void> {
  return page.evaluate(({ path, text, timeoutMs }) => {
    const shows = (): boolean =>
      document.querySelector(`[role="treeitem"][data-path="${CSS.escape(path)}"] [title="Restarts"]`)?.textContent?.trim() === text;
    return new Promise<void>((resolve, reject) => {
      const painted = (): void => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      };
      if (shows()) {
        painted();
        return;
      }
      const observer = new MutationObserver(() => {
        if (!shows()) return;
        observer.disconnect();
        clearTimeout(timer);
        painted();
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error(`${path} did not show restarts ${text} within ${timeoutMs} ms`));
      }, timeoutMs);
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }, args);
}

/** Milliseconds from spawning `kubectl get pods` (table to a pipe) to its first line, and to its exit. */
async function kubectlTable(kubeconfigPath: string, count: number): Promise<{ firstLine: number; ended: number }> {
  const args = ['get', 'pods', '-n', SCALE_NAMESPACE];
  const started = performance.now();
  const child = spawn('kubectl', args, { stdio: ['ignore', 'pipe', 'pipe'], env: kubectlEnv(kubeconfigPath) });
  let firstLine: number | undefined;
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    if (firstLine === undefined && chunk.includes(0x0a)) firstLine = performance.now() - started;
    for (let at = chunk.indexOf(0x0a); at >= 0; at = chunk.indexOf(0x0a, at + 1)) lines++;
  });
  await peerExited(child, shellLine(['kubectl', ...args]));
  const ended = performance.now() - started;
  // The header, then one line per pod.
  if (firstLine === undefined || lines !== count + 1) throw new PeerCommandError(`kubectl get pods printed ${lines} lines for ${count} pods`);
  return { firstLine, ended };
}

/** One more restart on the pod's first container, written with PUT pods/NAME/status. */
class RestartWriter {
  readonly #client: ApiClient;
  readonly #path: string;

  constructor(client: ApiClient, pod: string) {
    this.#client = client;
    this.#path = `/api/v1/namespaces/${SCALE_NAMESPACE}/pods/${pod}/status`;
  }

  /** Reads the pod and prepares the change; `write` then sends it (the part that is timed). */
  async prepare(): Promise<{ restarts: number; write: () => Promise<void> }> {
    const pod = await this.#client.get<PodStatusBody>(this.#path);
    const container = pod.status?.containerStatuses?.[0];
    if (container === undefined) throw new BenchSetupError(`${this.#path} has no container status (is kwok running the pod?)`);
    const restarts = (container.restartCount ?? 0) + 1;
    container.restartCount = restarts;
    return {
      restarts,
      write: async () => {
        const answer = await this.#client.raw('PUT', this.#path, pod);
        if (answer.status !== 200) throw new Error(`PUT ${this.#path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      },
    };
  }
}

/** Milliseconds from each PUT to `seen(restarts)` resolving, for `count` changes. */
async function changeLatencies(writer: RestartWriter, count: number, seen: (restarts: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const { restarts, write } = await writer.prepare();
    const shown = seen(restarts);
    const started = performance.now();
    await write();
    await shown;
    samples.push(performance.now() - started);
  }
  return samples;
}

function withTimeout<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScaleTimeoutError(`${what}: nothing after ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function scaleOnScreen(context: BenchContext, sizes: ScaleOnScreenSizes): Promise<BenchResult[]> {
  requireBrowser();
  const { cluster } = context;
  await ensureScalePods(context, sizes.pods);
  const admin = cluster.contexts.admin;
  const namespacePath = `${admin}/${SCALE_NAMESPACE}`;
  // The first pod by name: at the top of the namespace's list, so its row is on screen.
  const target = bulkPodName(0);
  const targetPath = `${namespacePath}/${target}`;
  const client = createApiClient(adminCredentials(cluster.kubeconfigPath));
  const writer = new RestartWriter(client, target);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(cluster.kubeconfigPath);
  const paint = { firstRows: [] as number[], counted: [] as number[], lastRow: [] as number[] };
  const kubectl = { firstLine: [] as number[], ended: [] as number[] };
  const change = { screen: [] as number[], clientNode: [] as number[] };
  try {
    for (let round = 0; round < context.repetitions; round++) {
      context.progress(`scale on screen: round ${round + 1} of ${context.repetitions}`);
      // A fresh app (core, web host, browser) each round: nothing is cached from the last one.
      await withBrowserApp(cluster, async (app) => {
        const { page } = app;
        await waitFor(`sidebar row ${namespacePath}`, () => treeRow(page, namespacePath).isVisible(), Boolean);
        const painted = await firstPaintInPage(page, { namespacePath, lastPodPath: `${namespacePath}/${bulkPodName(sizes.pods - 1)}`, count: sizes.pods, timeoutMs: STEP_TIMEOUT_MS });
        paint.firstRows.push(painted.firstRows);
        paint.counted.push(painted.counted);
        paint.lastRow.push(painted.lastRow);
        context.progress(`scale on screen: first rows ${painted.firstRows.toFixed(0)} ms, count ${painted.counted.toFixed(0)} ms, last row ${painted.lastRow.toFixed(0)} ms`);

        // Back to the top, where the target's row is.
        await page.evaluate(() => {
          const tree = document.querySelector('[role="tree"]');
          if (tree !== null) tree.scrollTop = 0;
        });
        await waitFor(`sidebar row ${targetPath}`, () => treeRow(page, targetPath).isVisible(), Boolean);
        const onScreen = await changeLatencies(writer, sizes.changes, (restarts) =>
          restartsShownInPage(page, { path: targetPath, text: `↻${restarts}`, timeoutMs: STEP_TIMEOUT_MS }),
        );
        change.screen.push(median(onScreen));
      });

      const table = await kubectlTable(cluster.kubeconfigPath, sizes.pods);
      kubectl.firstLine.push(table.firstLine);
      kubectl.ended.push(table.ended);

      let onModified: (restarts: number) => void = () => {};
      const watching = await new Watch(kubeConfig).watch(
        `/api/v1/namespaces/${SCALE_NAMESPACE}/pods`,
        { fieldSelector: `metadata.name=${target}` },
        (phase, object: PodStatusBody) => {
          if (phase === 'MODIFIED') onModified(object.status?.containerStatuses?.[0]?.restartCount ?? -1);
        },
        () => {},
      );
      try {
        const peer = await changeLatencies(writer, sizes.changes, (restarts) =>
          withTimeout(
            `client-node event for ${restarts} restarts`,
            new Promise<void>((resolve) => {
              onModified = (seen) => {
                if (seen === restarts) resolve();
              };
            }),
          ),
        );
        change.clientNode.push(median(peer));
      } finally {
        watching.abort();
      }
    }
  } finally {
    client.close();
  }
  const count = sizes.pods.toLocaleString('en-US');
  const app = 'Porthole app in Chromium (web host, real core)';
  const clickCommand = `click sidebar row ${namespacePath}, MutationObserver in the page, then a posted message (after the frame is painted)`;
  return [
    {
      benchmark: 'Scale, on screen',
      case: `${count} pods: click the namespace to its first pod rows painted`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: measure(app, paint.firstRows),
      peer: measure('kubectl get pods (table to a pipe), first line', kubectl.firstLine),
      command: `${clickCommand}, until a pod row is painted vs kubectl get pods -n ${SCALE_NAMESPACE} | ..., until its first line`,
      note: 'the core sends the namespace as one snapshot once it has listed every pod; kubectl prints its first page of 500 as it arrives',
    },
    {
      benchmark: 'Scale, on screen',
      case: `${count} pods: click the namespace to its pod count shown`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: measure(app, paint.counted),
      peer: measure('kubectl get pods (table to a pipe), to its exit', kubectl.ended),
      command: `${clickCommand}, until the namespace row's count reads ${sizes.pods} vs kubectl get pods -n ${SCALE_NAMESPACE} | ..., until it exits`,
    },
    {
      benchmark: 'Scale, on screen',
      case: `${count} pods: click the namespace, scroll to the end, to the last pod's row painted`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: measure(app, paint.lastRow),
      peer: measure('kubectl get pods (table to a pipe), to its exit', kubectl.ended),
      command: `${clickCommand}; once counted, the tree scrolled to its end, until ${bulkPodName(sizes.pods - 1)}'s row is painted vs kubectl get pods -n ${SCALE_NAMESPACE} | ..., until it exits`,
    },
    {
      benchmark: 'Scale, on screen',
      case: `${count} pods shown: a status change (PUT) to the pod's row showing it (median of ${sizes.changes} changes per round)`,
      unit: 'ms',
      higherIsBetter: false,
      porthole: measure(app, change.screen),
      peer: measure('@kubernetes/client-node Watch (MODIFIED)', change.clientNode),
      command: `PUT pods/${target}/status with one more restart, timed until its sidebar row shows ↻N (painted; the page reports back over CDP) vs new Watch(kc).watch(pods?fieldSelector=metadata.name=${target})`,
      note: `the peer watches one pod; the app watches all ${count}, the core coalesces changes for ${DEFAULT_COALESCE_MS} ms and the renderer draws at most once a frame`,
    },
  ];
}
