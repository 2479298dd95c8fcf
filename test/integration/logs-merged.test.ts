// Merged logs against the real API server and the real pod watch: three pods matched by a label
// selector, one stream per container, one stream in timestamp order with every line tagged, and
// pods joining and leaving while the merged log is followed. "All containers" of one pod is the
// same session with `pod` instead of a selector: its lines come in timestamp order, not in the
// order the streams arrive (read to the end, each container's log comes as one chunk).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LogLine } from '../../shared/bridge/sessions.ts';
import { DEFAULT_MERGE } from '../../main/core/logs/log-merger.ts';
import { compareInstants, parseInstant } from '../../main/core/logs/log-timestamp.ts';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { STATIC_LOG_LINES, namespaceManifest, serviceAccountManifest } from '../cluster/fixtures.ts';
import { loggingPodManifest, scriptPodManifest } from '../cluster/real-node/seed-manifests.ts';
import { RealLogs, linesOf, seqNumber, waitFor } from './logs-harness.ts';

const cluster = inject('cluster');
const NAMESPACE = 'porthole-logs-merged';
const LABEL = 'porthole.test/merged';
/** Wide merge windows: on a machine other tiers keep busy, the tests check the order the real server's timestamps give, not scheduling. */
const PATIENT_MERGE = { merge: { ...DEFAULT_MERGE, holdMs: 3_000, connectWaitMs: 10_000 } };
const TWO_CLOCKS = 'two-clocks';
const LINES_EACH = 3;

/**
 * A container that writes `<name> 1..3` on the seconds of one parity, a second apart from its
 * sibling of the other parity: the two logs interleave in time whatever their start times.
 */
function clockScript(name: string, parity: 0 | 1): string {
  const waitForParity = `until [ $(( $(date +%s) % 2 )) -eq ${parity} ]; do usleep 100000; done`;
  return `for i in $(seq ${LINES_EACH}); do ${waitForParity}; echo "${name} $i"; sleep 1; done; exec sleep 2147483647`;
}

function twoClocksManifest(c: ClusterInfo): object {
  const manifest = scriptPodManifest({ namespace: NAMESPACE, name: TWO_CLOCKS }, clockScript('even', 0), c.images) as { spec: { containers: Record<string, unknown>[] } };
  const [main] = manifest.spec.containers;
  manifest.spec.containers = [
    { ...main, name: 'even', command: ['sh', '-c', clockScript('even', 0)] },
    { ...main, name: 'odd', command: ['sh', '-c', clockScript('odd', 1)] },
  ];
  return manifest;
}

function textsOf(lines: readonly LogLine[], pod: string, container: string): string[] {
  return lines.filter((line) => line.pod === pod && line.container === container).map((line) => line.text);
}

function expectTimestampOrder(lines: readonly LogLine[]): void {
  const instants = lines.map((line) => parseInstant(line.timestamp));
  for (const instant of instants) expect(instant).not.toBeNull();
  for (let i = 1; i < instants.length; i++) {
    const [before, after] = [instants[i - 1], instants[i]];
    if (before === null || before === undefined || after === null || after === undefined) continue;
    expect(compareInstants(before, after), `line ${i}: ${lines[i - 1]?.timestamp} then ${lines[i]?.timestamp}`).toBeLessThanOrEqual(0);
  }
}

describe.skipIf(cluster === null)('merged logs on the real API server', () => {
  const c = cluster as ClusterInfo;
  let logs: RealLogs;
  let admin: ApiClient;

  beforeAll(async () => {
    logs = new RealLogs(c);
    admin = createApiClient(adminCredentials(c.kubeconfigPath));
    await admin.ensure('/api/v1/namespaces', namespaceManifest(NAMESPACE));
    await admin.ensure(`/api/v1/namespaces/${NAMESPACE}/serviceaccounts`, serviceAccountManifest(NAMESPACE));
  });
  afterAll(async () => {
    await logs.close();
    await admin.raw('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods`);
    admin.close();
  });

  it('merges the logs of three pods (five containers) in timestamp order, each line tagged', async () => {
    const { seq, single, multi } = c.pods;
    // The merger trades order for latency after holdMs / connectWaitMs of a quiet source (its unit
    // tests pin that): PATIENT_MERGE's wide windows.
    const { log } = logs.merged({ namespace: seq.namespace, selector: `app in (${seq.name},${single.name},${multi.name})` }, PATIENT_MERGE);
    expect((await log.finalState()).state).toEqual({ kind: 'ended' });
    const lines = linesOf(log);

    expect(textsOf(lines, single.name, 'main')).toEqual([...STATIC_LOG_LINES.default]);
    expect(textsOf(lines, multi.name, 'app')).toEqual([...STATIC_LOG_LINES.multiApp]);
    expect(textsOf(lines, multi.name, 'sidecar')).toEqual([...STATIC_LOG_LINES.multiSidecar]);
    expect(textsOf(lines, multi.name, 'setup')).toEqual([...STATIC_LOG_LINES.multiSetup]);
    const numbers = lines.filter((line) => line.pod === seq.name).map(seqNumber);
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers).toEqual(numbers.map((_, index) => index + 1));
    expect(lines.every((line) => line.pod !== undefined && line.container !== undefined)).toBe(true);
    expect(lines.length).toBe(numbers.length + 3 + 2 + 1 + 1);
    expectTimestampOrder(lines);
  });

  it('follows pods as they join and leave', async () => {
    const create = (name: string) =>
      admin.post(
        `/api/v1/namespaces/${NAMESPACE}/pods`,
        loggingPodManifest({ namespace: NAMESPACE, name, labels: { [LABEL]: 'yes' } }, STATIC_LOG_LINES.default, c.images),
      );
    await create('joiner-0');
    await create('joiner-1');

    const { session, log, started } = logs.merged(
      { namespace: NAMESPACE, selector: `${LABEL}=yes`, follow: true, transport: 'websocket' },
      { leaveGraceMs: 200 },
    );
    await started;
    expect(log.states()).toEqual(['live']);
    // Each pod logs the three default lines once its container starts.
    await waitFor(() => linesOf(log).length >= 6);
    expect(textsOf(linesOf(log), 'joiner-0', 'main')).toEqual([...STATIC_LOG_LINES.default]);
    expect(textsOf(linesOf(log), 'joiner-1', 'main')).toEqual([...STATIC_LOG_LINES.default]);

    await create('joiner-2');
    await waitFor(() => textsOf(linesOf(log), 'joiner-2', 'main').length === 3);

    await admin.raw('DELETE', `/api/v1/namespaces/${NAMESPACE}/pods/joiner-0?gracePeriodSeconds=0`);
    await create('joiner-3');
    await waitFor(() => textsOf(linesOf(log), 'joiner-3', 'main').length === 3);
    session.close();

    const lines = linesOf(log);
    expect(lines.filter((line) => line.marker === undefined)).toHaveLength(12);
    // Pods that came after the first list are marked as they join.
    expect(lines.filter((line) => line.marker === 'joined').map((line) => line.text)).toEqual(['pod joiner-2 joined', 'pod joiner-3 joined']);
    expect(log.events.filter((event) => event.kind === 'notice')).toEqual([]);
    expect(log.states()).toEqual(['live', 'closed']);
  });

  it('delivers all containers of one pod, which write in turns, in timestamp order, not one container after the other', async () => {
    await admin.post(`/api/v1/namespaces/${NAMESPACE}/pods`, twoClocksManifest(c));
    // Both containers have written every line: each log, read to its end, has them all.
    for (const container of ['even', 'odd']) {
      await waitFor(async () => {
        const { log } = logs.logs({ namespace: NAMESPACE, pod: TWO_CLOCKS, container });
        await log.finalState();
        return linesOf(log).length === LINES_EACH;
      }, 500);
    }

    const { session, log } = logs.merged({ namespace: NAMESPACE, pod: TWO_CLOCKS }, PATIENT_MERGE);
    expect((await log.finalState()).state).toEqual({ kind: 'ended' });
    expect(session.info().title).toBe(`logs of pod ${TWO_CLOCKS}, all containers (${NAMESPACE})`);
    const lines = linesOf(log);

    expect(lines.map((line) => line.text).sort()).toEqual(['even 1', 'even 2', 'even 3', 'odd 1', 'odd 2', 'odd 3']);
    expect(lines.every((line) => line.pod === TWO_CLOCKS && line.text.startsWith(`${line.container ?? '?'} `))).toBe(true);
    expectTimestampOrder(lines);
    // The containers take turns, so in time order every line comes from the other container than
    // the line before; in arrival order one container's three lines would come together.
    const containers = lines.map((line) => line.container);
    expect(containers.slice(1).every((container, i) => container !== containers[i]), containers.join(' ')).toBe(true);
  });

  it('reads all containers of the seed multi pod, init container included, each line tagged, in timestamp order', async () => {
    const { multi } = c.pods;
    const { log } = logs.merged({ namespace: multi.namespace, pod: multi.name }, PATIENT_MERGE);
    expect((await log.finalState()).state).toEqual({ kind: 'ended' });
    const lines = linesOf(log);
    expect(textsOf(lines, multi.name, 'setup')).toEqual([...STATIC_LOG_LINES.multiSetup]);
    expect(textsOf(lines, multi.name, 'app')).toEqual([...STATIC_LOG_LINES.multiApp]);
    expect(textsOf(lines, multi.name, 'sidecar')).toEqual([...STATIC_LOG_LINES.multiSidecar]);
    expect(lines.every((line) => line.pod === multi.name)).toBe(true);
    expectTimestampOrder(lines);
  });
});
