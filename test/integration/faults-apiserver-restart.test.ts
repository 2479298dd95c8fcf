// The kube-apiserver restarts under open sessions (issue 7, "Faults"), on a private cluster whose
// API server process is really stopped (SIGTERM, SIGKILL after a grace: every connection drops,
// new ones are refused) and started again on the same port. Everything goes through the core
// facade, as the app uses it.
//   - a log follow resumes by itself: every sequence number of the `seq` pod exactly once;
//   - an exec ends as 'connection-lost' (no hang), and a new exec works once the server is back;
//   - a pod watch reconnects and delivers a change made after the restart.
// test/integration/logs-resume.test.ts covers the same log resume with a TCP proxy that cuts and
// refuses connections; it stays, for cuts in mid-line and outages of a chosen length.
import { describe, expect, inject, it } from 'vitest';
import type { LogTransport } from '../../shared/bridge/sessions.ts';
import { kubectl } from '../cluster/kubectl.ts';
import { FAULT_TEST_TIMEOUT_MS, PodWatchRecorder, seqNumber, usePrivateCluster } from './faults-harness.ts';

describe.skipIf(inject('cluster') === null)('a kube-apiserver restart under open sessions', () => {
  const env = usePrivateCluster();

  for (const transport of ['http', 'websocket'] as const satisfies readonly LogTransport[]) {
    it(
      `a log follow resumes by itself, delivering every sequence number exactly once (${transport})`,
      async () => {
        const { cluster, core, events } = env;
        const { seq } = cluster.pods;
        const { id } = await core.openLogs({
          context: cluster.contexts.admin,
          namespace: seq.namespace,
          pod: seq.name,
          follow: true,
          tailLines: 3,
          transport,
        });
        await events.untilLines(id, 5);

        await cluster.restartApiServer();
        // Some lines are written while the server is down; it must catch up on them and go on.
        const afterRestart = events.lines(id).length;
        await events.until(() => events.states(id).some((state) => state.kind === 'resuming'));
        await events.untilLines(id, afterRestart + 20);
        const numbers = events.lines(id).map(seqNumber);
        const states = events.states(id).map((state) => state.kind);
        core.close(id);

        // Consecutive from the first delivered to the last: nothing lost, nothing twice.
        expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));
        expect(states[0]).toBe('live');
        expect(states).toContain('resuming');
        expect(states.at(-1)).toBe('live');
        expect(states.every((state) => state === 'live' || state === 'resuming')).toBe(true);
        // The drop is reported with a reason, not silently.
        const resuming = events.states(id).filter((state) => state.kind === 'resuming');
        expect(resuming[0]).toMatchObject({ attempt: 1, error: { kind: expect.stringMatching(/^(network|connection-lost)$/) } });
      },
      FAULT_TEST_TIMEOUT_MS,
    );
  }

  it(
    'an exec ends as connection-lost, without waiting for the keepalive, and a new exec works once the server is back',
    async () => {
      const { cluster, core, events } = env;
      const { single } = cluster.pods;
      const request = {
        context: cluster.contexts.admin,
        namespace: single.namespace,
        pod: single.name,
        tty: false,
        stdin: false,
      } as const;
      const running = await core.openExec({ ...request, command: { kind: 'argv', argv: ['sleep', '600'] } });
      expect(running.state.kind).toBe('live');

      const before = { pid: cluster.pids['kube-apiserver'], server: cluster.server };
      await cluster.restartApiServer();
      // A new process, on the same address the kubeconfig names.
      expect(cluster.pids['kube-apiserver']).not.toBe(before.pid);
      expect(cluster.server).toBe(before.server);
      const end = await events.finalState(running.id);
      expect(end).toMatchObject({
        kind: 'connection-lost',
        error: { kind: 'connection-lost', context: cluster.contexts.admin, detail: expect.stringContaining(single.name) },
      });
      // Closed by the server's death (1006), not by the keepalive deadline (30 s without a pong).
      expect(end.kind === 'connection-lost' && end.error.detail).not.toMatch(/keepalive/);

      // "Run again": the same request once more, on the restarted server.
      const again = await core.openExec({ ...request, command: { kind: 'argv', argv: ['echo', 'ran again'] } });
      expect(await events.finalState(again.id)).toEqual({ kind: 'exited', exitCode: 0 });
      expect(events.output(again.id)).toBe('ran again\n');
      core.close(running.id);
      core.close(again.id);
    },
    FAULT_TEST_TIMEOUT_MS,
  );

  it(
    'a pod watch goes reconnecting, then live, and delivers a change made after the restart',
    async () => {
      const { cluster, core } = env;
      const { single } = cluster.pods;
      const watch = new PodWatchRecorder();
      const unsubscribe = core.watchPods(cluster.contexts.admin, single.namespace, watch.listener);
      try {
        await watch.until(() => watch.healths().includes('live'));

        await cluster.restartApiServer();
        await watch.until(() => watch.healths().includes('reconnecting'));
        await watch.until(() => watch.healths().lastIndexOf('live') > watch.healths().indexOf('reconnecting'));
        const healths = watch.healths();
        expect(healths.slice(0, 2)).toEqual(['connecting', 'live']);
        expect(healths.at(-1)).toBe('live');
        const reconnecting = watch.events.find((event) => event.kind === 'health' && event.health === 'reconnecting');
        expect(reconnecting).toMatchObject({ error: { context: cluster.contexts.admin } });

        // A change after the restart reaches the watcher, however it comes (event or re-list).
        const from = watch.events.length;
        const label = 'porthole.test/after-restart';
        const labelled = await kubectl(cluster.kubeconfigPath, ['label', 'pod', '-n', single.namespace, single.name, `${label}=yes`]);
        expect(labelled).toMatchObject({ code: 0 });
        await watch.until(() => watch.podsSince(from).some((pod) => pod.name === single.name && pod.labels[label] === 'yes'));
        // Nothing went wrong again meanwhile.
        expect(watch.healths().at(-1)).toBe('live');
      } finally {
        unsubscribe();
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
