// Workload logs in the browser: the real app (web host, real core) in Chromium following the logs
// of a Deployment of busybox writers on the real node (kwok pods have no log to stream), each
// container printing 100 lines/s (`<pod> <n>`, ten lines every 100 ms, so the node forks ten sleeps
// a second per writer, not a hundred), one writer per pod. The writers wait for a common start
// time, so the tab is open and at rest first:
//  - frame time (requestAnimationFrame deltas, p99) and the page's main-thread CPU while the N
//    pods stream, beside the same tab at rest for as long just before;
//  - every line delivered: after the writers stop, the tab's line count must reach N × lines
//    (the tab opened before the first line, so its tail of 1,000 lines per pod left nothing out),
//    and the time that takes after the writers' window is reported.
import { createApiClient, type ApiClient } from '../test/cluster/api-client.ts';
import { adminCredentials } from '../test/cluster/create-pods.ts';
import { namespaceManifest, serviceAccountManifest } from '../test/cluster/fixtures.ts';
import { deploymentsPath, writerDeploymentManifest, type WriterDeployment } from '../test/cluster/real-node/writer-deployment.ts';
import { STEP_TIMEOUT_MS, tabIdOf, tabOf, treeRow, waitFor } from '../test/e2e/harness.ts';
import { requireBrowser, withDetachableBrowserApp } from './browser-app.ts';
import type { CdpPage } from './cdp-page.ts';
import { BenchSetupError, type BenchContext } from './context.ts';
import { startFrames, stopFrames, withCpuShare } from './log-pane-browser.ts';
import { measure, percentile, type BenchResult } from './results.ts';

export interface WorkloadLogsSizes {
  /** Writer pods, one container each. */
  readonly writers: number;
  /** Seconds the writers write (and the tab is watched at rest before). */
  readonly seconds: number;
}

const NAMESPACE = 'porthole-bench-workload';
const NAME = 'bench-writers';
const LINES_PER_SECOND = 100;
const BATCH = 10;
/** Time for the pods to start and the app to open the tab and watch it at rest, before the writers begin. */
const SETUP_SECONDS_PER_POD = 1;
const SETUP_SECONDS = 40;
const RUNNING_TIMEOUT_MS = 300_000;
const DRAIN_TIMEOUT_MS = 120_000;
const GONE_TIMEOUT_MS = 120_000;

interface Round {
  rest: { p99: number; cpuPercent: number };
  follow: { p99: number; cpuPercent: number };
  drainMs: number;
  /** When the writers' own last line was written (its kubelet timestamp), after their window closed: a loaded node runs them late. */
  writtenLateMs: number;
  delivered: number;
}

/** The visible log tab's loaded line count, as the page shows it. */
function loadedLines(cdp: CdpPage): Promise<number> {
  return cdp.evaluate(() => {
    const text = document.querySelector('[role="tabpanel"]:not([hidden]) [role="status"][aria-label="Loaded lines"]')?.textContent;
    return Number((text ?? '').replace(/[^0-9]/g, '') || '0');
  });
}

async function sleepUntil(ms: number): Promise<void> {
  const wait = ms - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * Waits until the pods `list` names are gone from the API server (the kubelet lets them go once their
 * containers are stopped), so the next round or benchmark does not share the node's two cores with
 * 50 pods being torn down: the deletion returns at once, and file transfer, next, began beside the
 * teardown. Says how long it took, or that it gave up at the timeout (with the last count or request
 * error): called from a round's `finally`, it must not hide the round's own error.
 */
async function waitForPodsGone(admin: ApiClient, list: string, progress: (line: string) => void): Promise<void> {
  const started = Date.now();
  try {
    await waitFor('the writer pods to be gone', async () => (await admin.get<{ items: unknown[] }>(list)).items.length, (left) => left === 0, GONE_TIMEOUT_MS);
    progress(`workload logs: the writer pods were gone ${Date.now() - started} ms after their deletion`);
  } catch (error) {
    progress(`workload logs: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * When the writers really wrote their last lines: the latest kubelet timestamp among every writer's
 * last line, in ms since the epoch. The writers print a fixed count of lines with a `sleep` between
 * batches, so on a loaded node they finish after their nominal window; a late last line is the
 * writers' lateness, not the pipeline's, when this is late too.
 */
async function lastLineWrittenAt(admin: ApiClient, podNames: readonly string[]): Promise<number> {
  const stamps = await Promise.all(
    podNames.map(async (pod) => {
      const { text } = await admin.raw('GET', `/api/v1/namespaces/${NAMESPACE}/pods/${pod}/log?timestamps=true&tailLines=1`);
      return Date.parse(text.slice(0, text.indexOf(' ')));
    }),
  );
  return Math.max(...stamps.filter((stamp) => !Number.isNaN(stamp)));
}

export async function workloadLogs(context: BenchContext, sizes: WorkloadLogsSizes): Promise<BenchResult[]> {
  requireBrowser();
  const { cluster } = context;
  const admin = createApiClient(adminCredentials(cluster.kubeconfigPath));
  const linesPerWriter = LINES_PER_SECOND * sizes.seconds;
  const total = linesPerWriter * sizes.writers;
  const pods = sizes.writers;
  try {
    await admin.ensure('/api/v1/namespaces', namespaceManifest(NAMESPACE));
    await admin.ensure(`/api/v1/namespaces/${NAMESPACE}/serviceaccounts`, serviceAccountManifest(NAMESPACE));

    const round = async (): Promise<Round> => {
      const startAt = Math.ceil(Date.now() / 1000 + SETUP_SECONDS + SETUP_SECONDS_PER_POD * pods + sizes.seconds);
      const writer: WriterDeployment = {
        namespace: NAMESPACE,
        name: NAME,
        replicas: pods,
        intervalSeconds: BATCH / LINES_PER_SECOND,
        batch: BATCH,
        lines: linesPerWriter,
        startAt,
      };
      const list = `/api/v1/namespaces/${NAMESPACE}/pods?labelSelector=app%3D${NAME}`;
      await admin.post(deploymentsPath(NAMESPACE), writerDeploymentManifest(writer, cluster.images));
      try {
        context.progress(`workload logs: waiting for ${pods} writer pods`);
        const deadline = Date.now() + RUNNING_TIMEOUT_MS;
        const running = async (): Promise<number> =>
          (await admin.get<{ items: { status?: { phase?: string } }[] }>(list)).items.filter((pod) => pod.status?.phase === 'Running').length;
        while ((await running()) < pods) {
          if (Date.now() > deadline) throw new BenchSetupError(`${pods} writer pods were not Running after ${RUNNING_TIMEOUT_MS} ms`);
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        return await withDetachableBrowserApp(cluster, async (app, detachable) => {
          const { page } = app;
          const { cdp } = detachable;
          await cdp.command('Performance.enable');
          const namespaceRow = treeRow(page, `${cluster.contexts.admin}/${NAMESPACE}`);
          await waitFor('the bench namespace row', () => namespaceRow.isVisible(), Boolean);
          await namespaceRow.click();
          const workloadRow = treeRow(page, `${cluster.contexts.admin}/${NAMESPACE}/Deployment ${NAME}`);
          await waitFor('the writers Deployment row', () => workloadRow.isVisible(), Boolean);
          await workloadRow.click();
          await page.keyboard.press('l');
          const tab = tabOf(page, await tabIdOf(page.getByRole('tab', { selected: true })));
          await waitFor('the workload logs live', () => tab.locator('.badge').textContent(), (badge) => badge === 'live', STEP_TIMEOUT_MS);
          // Measured with Playwright away: it would copy every line's frame too (bench/cdp-page.ts).
          await detachable.detach();

          const restMs = sizes.seconds * 1000;
          if (Date.now() + restMs > startAt * 1000) throw new BenchSetupError('the writers would start before the rest window ends: setup took too long');
          const rest = await withCpuShare(cdp, async () => {
            await startFrames(cdp);
            await new Promise((resolve) => setTimeout(resolve, restMs));
            return stopFrames(cdp);
          });
          await sleepUntil(startAt * 1000);
          context.progress(`workload logs: ${sizes.writers} writers writing ${LINES_PER_SECOND} lines/s each for ${sizes.seconds} s`);
          const follow = await withCpuShare(cdp, async () => {
            await startFrames(cdp);
            await new Promise((resolve) => setTimeout(resolve, restMs));
            return stopFrames(cdp);
          });
          const writersDone = Date.now();
          const delivered = await waitFor(`${total} lines in the tab`, () => loadedLines(cdp), (count) => count >= total, DRAIN_TIMEOUT_MS);
          if (delivered !== total) throw new Error(`the tab holds ${delivered} lines; the ${sizes.writers} writers wrote ${total}`);
          const shownAt = Date.now();
          const podNames = (await admin.get<{ items: { metadata: { name: string } }[] }>(list)).items.map((pod) => pod.metadata.name);
          const writtenAt = await lastLineWrittenAt(admin, podNames);
          context.progress(
            `workload logs: the writers wrote their last line ${writtenAt - writersDone} ms after the window closed (kubelet timestamp), the tab showed it ${shownAt - writersDone} ms after`,
          );
          const round: Round = {
            rest: { p99: percentile(rest.result.deltas, 99), cpuPercent: rest.cpuPercent },
            follow: { p99: percentile(follow.result.deltas, 99), cpuPercent: follow.cpuPercent },
            drainMs: Math.max(0, Date.now() - writersDone),
            writtenLateMs: Math.max(0, writtenAt - writersDone),
            delivered,
          };
          context.progress(
            `workload logs: frames p99 at rest ${round.rest.p99.toFixed(1)} ms, following ${round.follow.p99.toFixed(1)} ms; ` +
              `main-thread CPU at rest ${round.rest.cpuPercent.toFixed(0)}%, following ${round.follow.cpuPercent.toFixed(0)}%; ${delivered} lines, all in ${round.drainMs} ms after the writers' window`,
          );
          return round;
        });
      } finally {
        await admin.raw('DELETE', `${deploymentsPath(NAMESPACE)}/${NAME}`);
        await admin.raw('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods`);
        await waitForPodsGone(admin, list, context.progress);
      }
    };

    const rounds: Round[] = [];
    for (let index = 0; index < context.repetitions; index++) rounds.push(await round());
    const pick = (of: (r: Round) => number): number[] => rounds.map(of);
    const what = `${sizes.writers} pods × ${LINES_PER_SECOND} lines/s`;
    const command = `Deployment ${NAME} of ${pods} busybox writer pods on the real node (${BATCH} lines every ${1000 / (LINES_PER_SECOND / BATCH)} ms each, ${sizes.seconds} s), its workload log tab following; the same tab at rest for ${sizes.seconds} s just before`;
    const deliveredNote =
      `every line delivered: ${pick((r) => r.delivered).join(', ')} of ${total} lines per round, the last within ${pick((r) => r.drainMs).join(', ')} ms after the writers' window closed; ` +
      `the writers themselves wrote their last line ${pick((r) => r.writtenLateMs).join(', ')} ms after it (kubelet timestamps: the node runs them late when its cores are busy)`;
    return [
      {
        benchmark: 'Workload logs in the browser',
        case: `frame time while following ${what}, p99`,
        unit: 'ms',
        higherIsBetter: false,
        porthole: measure('Porthole workload log tab following', pick((r) => r.follow.p99)),
        peer: measure('the same tab at rest (no lines)', pick((r) => r.rest.p99)),
        command,
        note: deliveredNote,
      },
      {
        benchmark: 'Workload logs in the browser',
        case: `page main-thread CPU while following ${what}`,
        unit: '% of a core',
        higherIsBetter: false,
        porthole: measure('Porthole workload log tab following', pick((r) => r.follow.cpuPercent)),
        peer: measure('the same tab at rest (no lines)', pick((r) => r.rest.cpuPercent)),
        command: `CDP Performance.getMetrics ThreadTime over the same ${sizes.seconds} s windows as the frame times`,
      },
    ];
  } finally {
    admin.close();
  }
}
