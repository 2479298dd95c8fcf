// Reading logs from the real API server (the real kubelet serves them from containerd's CRI log files): the
// options each do what the server does with them, both transports (and both WebSocket
// subprotocols) give the same lines, and refusals carry the server's words.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LogLine } from '../../shared/bridge/sessions.ts';
import { SUBPROTOCOL } from '../../shared/protocol/subprotocols.ts';
import { webSocketLogTransport } from '../../main/core/logs/websocket-log-transport.ts';
import { createApiClient, type ApiClient } from '../cluster/api-client.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { adminCredentials } from '../cluster/create-pods.ts';
import { STATIC_LOG_LINES } from '../cluster/fixtures.ts';
import { RealLogs, linesOf, seqNumber, untilLines } from './logs-harness.ts';

const cluster = inject('cluster');
const RFC3339_NANO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}(Z|[+-]\d{2}:\d{2})$/;

describe.skipIf(cluster === null)('logs from the real API server', () => {
  const c = cluster as ClusterInfo;
  let logs: RealLogs;
  let admin: ApiClient;

  beforeAll(() => {
    logs = new RealLogs(c);
    admin = createApiClient(adminCredentials(c.kubeconfigPath));
  });
  afterAll(async () => {
    admin.close();
    await logs.close();
  });

  /** A whole (not followed) log through the session; fails the test unless it ends cleanly. */
  async function read(...args: Parameters<RealLogs['logs']>): Promise<LogLine[]> {
    const { log } = logs.logs(...args);
    const final = await log.finalState();
    expect(final.state).toEqual({ kind: 'ended' });
    return linesOf(log);
  }

  /** The raw log as the server sends it to kubectl, without our session in between. */
  async function serverText(namespace: string, pod: string, query: Record<string, string>): Promise<string> {
    const response = await admin.raw('GET', `/api/v1/namespaces/${namespace}/pods/${pod}/log?${new URLSearchParams(query)}`);
    expect(response.status).toBe(200);
    return response.text;
  }

  const single = () => ({ namespace: c.pods.single.namespace, pod: c.pods.single.name });

  it('reads a log over HTTP with each line split from its timestamp', async () => {
    const lines = await read(single());
    expect(lines.map((line) => line.text)).toEqual([...STATIC_LOG_LINES.default]);
    for (const line of lines) expect(line.timestamp).toMatch(RFC3339_NANO);
    // Exactly what the server gives kubectl with timestamps.
    const raw = await serverText(c.pods.single.namespace, c.pods.single.name, { timestamps: 'true' });
    expect(lines.map((line) => `${line.timestamp} ${line.text}\n`).join('')).toBe(raw);
  });

  it('gives the same lines over HTTP, WebSocket binary.k8s.io and WebSocket base64.binary.k8s.io', async () => {
    const multi = { namespace: c.pods.multi.namespace, pod: c.pods.multi.name, container: 'app' };
    const overHttp = await read({ ...multi, transport: 'http' });
    const binary = logs.logs({ ...multi, transport: 'websocket' });
    const base64 = logs.logs(multi, {
      transport: webSocketLogTransport(logs.connection(), { protocols: [SUBPROTOCOL.logBase64] }),
    });
    for (const { log } of [binary, base64]) expect((await log.finalState()).state).toEqual({ kind: 'ended' });
    expect(binary.log.events.find((event) => event.kind === 'state' && event.state.kind === 'live')).toMatchObject({
      state: { protocol: SUBPROTOCOL.logBinary },
    });
    expect(base64.log.events.find((event) => event.kind === 'state' && event.state.kind === 'live')).toMatchObject({
      state: { protocol: SUBPROTOCOL.logBase64 },
    });
    expect(overHttp.map((line) => line.text)).toEqual([...STATIC_LOG_LINES.multiApp]);
    expect(linesOf(binary.log)).toEqual(overHttp);
    expect(linesOf(base64.log)).toEqual(overHttp);
  });

  it('gives the same growing log over both transports (one read is a prefix of the other)', async () => {
    const seq = { namespace: c.pods.seq.namespace, pod: c.pods.seq.name };
    const [overHttp, overWs] = await Promise.all([read({ ...seq, transport: 'http' }), read({ ...seq, transport: 'websocket' })]);
    const [shorter, longer] = overHttp.length <= overWs.length ? [overHttp, overWs] : [overWs, overHttp];
    expect(shorter.length).toBeGreaterThan(0);
    expect(longer.slice(0, shorter.length)).toEqual(shorter);
    expect(longer.map(seqNumber)).toEqual(longer.map((_, index) => index + 1));
  });

  it('reads the previous container log', async () => {
    const restarted = { namespace: c.pods.restarted.namespace, pod: c.pods.restarted.name };
    expect((await read({ ...restarted, previous: true })).map((line) => line.text)).toEqual([...STATIC_LOG_LINES.restartedPrevious]);
    expect((await read(restarted)).map((line) => line.text)).toEqual([...STATIC_LOG_LINES.restartedCurrent]);
  });

  it('follows a container that crashes and restarts, and --previous returns the run before the current one', async () => {
    const crashloop = { namespace: c.pods.crashloop.namespace, pod: c.pods.crashloop.name };
    const run = (line: LogLine): number => Number(/^run (\d+) /.exec(line.text)?.[1]);
    // A follow ends with the container it follows (as `kubectl logs -f` does); following again
    // picks up the restarted container, whose run number is higher.
    const followed = async (): Promise<number[]> => {
      const { log } = logs.logs({ ...crashloop, follow: true });
      expect((await log.finalState()).state).toEqual({ kind: 'ended' });
      return linesOf(log).map(run);
    };
    const first = await followed();
    let later = await followed();
    while (later.length === 0 || later[0] === first[0]) later = await followed();
    expect(later[0]).toBeGreaterThan(first[0] ?? 0);

    // While the container waits to restart, "current" is the run that just ended and the kubelet
    // has already removed the one before it; and a restart may fall between the two reads. Read
    // both again, a second apart, until they are taken while one run is up.
    for (let attempt = 1; ; attempt++) {
      const previous = (await read({ ...crashloop, previous: true })).map((line) => line.text);
      const current = (await read(crashloop)).map((line) => line.text);
      const n = Number(/^run (\d+) started$/.exec(current[0] ?? '')?.[1]);
      if ((current.length !== 1 || previous[0] !== `run ${n - 1} started`) && attempt < 20) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      expect(n).toBeGreaterThan(1);
      expect(previous).toEqual([`run ${n - 1} started`, `run ${n - 1} exits 3`]);
      break;
    }
  });

  it('reads only the last tailLines lines', async () => {
    expect((await read({ ...single(), tailLines: 2 })).map((line) => line.text)).toEqual(STATIC_LOG_LINES.default.slice(1));
    expect(await read({ ...single(), tailLines: 0 })).toEqual([]);
  });

  it('cuts at limitBytes exactly where the server cuts the log without timestamps', async () => {
    for (const limitBytes of [1, 27, 28, 40, 83, 84, 1000]) {
      const expected = await serverText(c.pods.single.namespace, c.pods.single.name, { limitBytes: String(limitBytes) });
      const lines = await read({ ...single(), limitBytes });
      const got = lines.map((line) => line.text).join('\n') + (expected.endsWith('\n') ? '\n' : '');
      expect(got, `limitBytes=${limitBytes}`).toBe(expected);
    }
  });

  it('passes sinceSeconds through: an hour back covers the whole fixture log', async () => {
    expect((await read({ ...single(), sinceSeconds: 3600 })).map((line) => line.text)).toEqual([...STATIC_LOG_LINES.default]);
  });

  it('starts at sinceTime', async () => {
    const seq = { namespace: c.pods.seq.namespace, pod: c.pods.seq.name };
    const before = await read({ ...seq, tailLines: 1 });
    const from = before[0];
    if (from === undefined) throw new Error('the seq log is empty');
    const since = await read({ ...seq, sinceTime: from.timestamp });
    // The server honours sinceTime to the second: the line itself is there, nothing from an earlier second.
    expect(since.map((line) => line.text)).toContain(from.text);
    const second = from.timestamp.slice(0, 19);
    for (const line of since) expect(line.timestamp.slice(0, 19) >= second).toBe(true);
  });

  it('follows a growing log', async () => {
    const { session, log } = logs.logs({ follow: true, tailLines: 1 });
    const lines = await untilLines(log, 5);
    session.close();
    const numbers = lines.map(seqNumber);
    expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));
    expect(log.states()).toEqual(['live', 'closed']);
  });

  it("fails with the server's words for a pod that does not exist and for a missing container name", async () => {
    const missing = logs.logs({ ...single(), pod: 'no-such-pod' });
    expect((await missing.log.finalState()).state).toMatchObject({
      kind: 'failed',
      error: { kind: 'not-found', httpStatus: 404, detail: expect.stringContaining('pods "no-such-pod" not found') },
    });
    const ambiguous = logs.logs({ namespace: c.pods.multi.namespace, pod: c.pods.multi.name, transport: 'websocket' });
    expect((await ambiguous.log.finalState()).state).toMatchObject({
      kind: 'failed',
      error: { kind: 'bad-request', title: 'Container name required', httpStatus: 400 },
    });
  });
});
