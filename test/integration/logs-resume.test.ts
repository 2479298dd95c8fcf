// A followed log across dropped connections, against the real API server: the `seq` pod's log
// grows by one numbered line every interval, and a TCP proxy in front of the API server cuts
// every connection (as a dying API server does) or stops listening for a while (as one that is
// restarting does). Every sequence number must arrive exactly once, in order.
//
// A real kube-apiserver restart is tested in faults-apiserver-restart.test.ts; the proxy produces
// what a restart cannot on demand: cuts mid-line, several cuts in a row, and an outage of chosen
// length with connections refused.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LogTransport as LogTransportName } from '../../shared/bridge/sessions.ts';
import { logTransportFor } from '../../main/core/logs/transport-choice.ts';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { STATIC_LOG_LINES } from '../cluster/fixtures.ts';
import {
  CuttingProxy,
  RealLogs,
  countingTransport,
  kubeconfigVia,
  linesOf,
  seqFileLineCount,
  seqNumber,
  untilLines,
  waitFor,
} from './logs-harness.ts';

const cluster = inject('cluster');
const BACKOFF = { initialMs: 100, maxMs: 400, factor: 2, jitter: 0 };

describe.skipIf(cluster === null)('a followed log resumes across dropped connections', () => {
  const c = cluster as ClusterInfo;
  let proxy: CuttingProxy;
  let logs: RealLogs;
  let direct: RealLogs;
  let removeKubeconfig: () => Promise<void>;

  beforeAll(async () => {
    proxy = await CuttingProxy.start(c.server);
    const kubeconfig = await kubeconfigVia(c, `https://127.0.0.1:${proxy.port}`);
    removeKubeconfig = kubeconfig.remove;
    logs = new RealLogs(c, kubeconfig.path);
    direct = new RealLogs(c);
  });
  afterAll(async () => {
    await logs.close();
    await direct.close();
    await proxy.close();
    await removeKubeconfig();
  });

  for (const transport of ['http', 'websocket'] as const satisfies readonly LogTransportName[]) {
    it(`delivers every sequence number exactly once across cuts and an outage (${transport})`, async () => {
      const { session, log } = logs.logs({ follow: true, tailLines: 3, transport }, { backoff: BACKOFF });
      let seen = (await untilLines(log, 5)).length;

      // Cuts at whatever moment the test reaches them: between lines or in the middle of one.
      for (let cut = 0; cut < 3; cut++) {
        expect(proxy.cutAll()).toBeGreaterThan(0);
        await log.until((event) => event.kind === 'state' && event.state.kind === 'resuming' && log.states().filter((s) => s === 'resuming').length > cut);
        seen = (await untilLines(log, seen + 4)).length;
      }

      // An outage: connections refused for a while, so several attempts fail and back off.
      await proxy.down();
      await log.until(() => log.events.filter((event) => event.kind === 'state' && event.state.kind === 'resuming' && event.state.attempt >= 3).length > 0);
      await proxy.up();
      seen = (await untilLines(log, seen + 10)).length;
      session.close();

      const numbers = linesOf(log).map(seqNumber);
      expect(numbers.length).toBeGreaterThanOrEqual(seen);
      // Consecutive: nothing lost, nothing twice.
      expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));
      const resuming = log.events.flatMap((event) => (event.kind === 'state' && event.state.kind === 'resuming' ? [event.state] : []));
      expect(resuming.some((state) => state.error.kind === 'network' && /refused/i.test(state.error.title))).toBe(true);
      expect(log.states().at(-2)).toBe('live');
      expect(log.states().at(-1)).toBe('closed');
    });
  }

  it('drops the repeats of several lines sharing one timestamp when resuming', async () => {
    // kwok's `fake` pod: three lines with one and the same timestamp, which a real runtime does not
    // write on demand (containerd stamps each line with its own nanosecond).
    const connection = logs.connection();
    const counted = countingTransport(logTransportFor(connection, 'http'));
    const { session, log } = logs.logs(
      { namespace: c.pods.fake.namespace, pod: c.pods.fake.name, follow: true },
      { transport: counted.transport, backoff: BACKOFF },
    );
    const first = await untilLines(log, 3);
    expect(new Set(first.map((line) => line.timestamp)).size).toBe(1);
    proxy.cutAll();
    await log.until((event) => event.kind === 'state' && event.state.kind === 'resuming');
    await log.until(() => log.states().at(-1) === 'live');
    // The resumed connection starts at the lines' second, so the server sends all three again.
    const firstConnectionBytes = counted.received[0] ?? 0;
    // Nothing is delivered, so no event marks it: watch the bytes the transport hands over.
    await waitFor(() => (counted.received[1] ?? 0) >= firstConnectionBytes);
    expect(counted.received[1]).toBe(firstConnectionBytes);
    expect(linesOf(log)).toEqual(first);
    session.close();
  });

  it('resumes every stream of a merged log, and the pod watch, across cuts', async () => {
    const { seq, single } = c.pods;
    const { session, log, started } = logs.merged(
      { namespace: seq.namespace, selector: `app in (${seq.name},${single.name})`, follow: true, tailLines: 5 },
      { backoff: BACKOFF },
    );
    await started;
    const seqLines = (): number[] => linesOf(log).filter((line) => line.pod === seq.name).map(seqNumber);
    await waitFor(() => seqLines().length >= 5);
    for (let cut = 0; cut < 3; cut++) {
      const before = seqLines().length;
      expect(proxy.cutAll()).toBeGreaterThan(0);
      await waitFor(() => seqLines().length >= before + 5);
    }
    session.close();

    const numbers = seqLines();
    expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));
    expect(linesOf(log).filter((line) => line.pod === single.name).map((line) => line.text)).toEqual([...STATIC_LOG_LINES.default]);
    expect(log.states()).toContain('resuming');
    expect(log.states().at(-1)).toBe('closed');
  });

  for (const transport of ['http', 'websocket'] as const satisfies readonly LogTransportName[]) {
    it(`stops reading while the consumer does not acknowledge, and reads on when it does (${transport})`, async () => {
      const high = 100;
      const { session, log } = direct.logs({ follow: true, tailLines: 0, transport }, { watermarks: { high, low: 10 } }, 'stalled');
      await untilLines(log, 3); // 3 lines of ~40 bytes: past the high watermark
      const atPause = linesOf(log).length;
      const fileLines = await seqFileLineCount(c);
      // The generator writes on; wait (by the file, not the clock) until 30 more lines exist.
      await waitFor(async () => (await seqFileLineCount(c)) >= fileLines + 30, c.seqIntervalMs);
      const whilePaused = linesOf(log).length;
      // Only what was already in flight when reading stopped may have arrived.
      expect(whilePaused - atPause).toBeLessThan(5);
      expect(session.unacknowledged).toBeLessThan(high + 5 * 45);

      // From now on the consumer keeps up: it acknowledges each batch as it arrives.
      log.observe((event) => {
        if (event.kind === 'lines') queueMicrotask(() => session.acknowledge(event.bytes));
      });
      session.acknowledge(session.unacknowledged);
      await untilLines(log, whilePaused + 20);
      session.close();
      const numbers = linesOf(log).map(seqNumber);
      expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));
    });
  }
});
