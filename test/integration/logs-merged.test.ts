// Merged logs against the real API server and the real pod watch: three pods matched by a label
// selector, one stream per container, one stream in timestamp order with every line tagged, and
// pods joining and leaving while the merged log is followed.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LogLine } from '../../shared/bridge/sessions.ts';
import { DEFAULT_MERGE } from '../../main/core/logs/log-merger.ts';
import { compareInstants, parseInstant } from '../../main/core/logs/log-timestamp.ts';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { STATIC_LOG_LINES, namespaceManifest, serviceAccountManifest } from '../cluster/fixtures.ts';
import { loggingPodManifest } from '../cluster/real-node/seed-manifests.ts';
import { RealLogs, linesOf, seqNumber, waitFor } from './logs-harness.ts';

const cluster = inject('cluster');
const NAMESPACE = 'porthole-logs-merged';
const LABEL = 'porthole.test/merged';

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
    // tests pin that); here, on a machine that other tiers keep busy, wide windows keep this a test
    // of the order the real server's timestamps give, not of scheduling.
    const { log } = logs.merged(
      { namespace: seq.namespace, selector: `app in (${seq.name},${single.name},${multi.name})` },
      { merge: { ...DEFAULT_MERGE, holdMs: 3_000, connectWaitMs: 10_000 } },
    );
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
});
