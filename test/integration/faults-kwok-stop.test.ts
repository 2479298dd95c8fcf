// kwok, the node's kubelet, stops under open sessions and comes back (issue 7, "Faults"), on a
// private cluster: the API server stays up, so only what goes through the kubelet is affected.
// Through the core facade:
//   - an exec and a log follow open when kwok stops reach a final state (or the log resumes):
//     nothing hangs; the pod watch, which only talks to the API server, is not disturbed;
//   - while kwok is down, a new exec and a new log fail at once with the API server's error;
//   - once kwok is back, new sessions work.
// Two upstream behaviours decide which final state the user sees (both verified here with
// Kubernetes 1.36 and kwok v0.8.0):
//   - The API server proxies exec to the kubelet over SPDY and reports the kubelet's end on the
//     WebSocket's status channel; when the kubelet connection just drops, client-go's SPDY executor
//     sees an empty error stream and the API server sends Success, so the exec reads "exited 0"
//     (kubernetes/kubectl#1726, `kubectl exec` exits 0 too). kwok's own shutdown may instead
//     report the process it killed ("signal: terminated", a failure).
//   - The API server copies a log from the kubelet and ends its response normally when the
//     kubelet connection drops, so a follow reads "ended", as when the container stops
//     (`kubectl logs -f` exits 0 too).
import { describe, expect, inject, it } from 'vitest';
import type { SessionState } from '../../shared/bridge/sessions.ts';
import { FAULT_TEST_TIMEOUT_MS, PodWatchRecorder, seqNumber, usePrivateCluster } from './faults-harness.ts';

describe.skipIf(inject('cluster') === null)('kwok (the kubelet) stopping under open sessions', () => {
  const env = usePrivateCluster();
  let kwokRunning = true;
  const stopKwok = async (): Promise<void> => {
    if (!kwokRunning) return;
    kwokRunning = false;
    await env.cluster.stopKwok();
  };
  const startKwok = async (): Promise<void> => {
    if (kwokRunning) return;
    await env.cluster.startKwok();
    kwokRunning = true;
  };

  it(
    'an exec and a log follow reach a clear state when kwok stops; the pod watch stays live',
    async () => {
      const { cluster, core, events } = env;
      const { single, seq } = cluster.pods;
      const watch = new PodWatchRecorder();
      const unsubscribe = core.watchPods(cluster.contexts.admin, single.namespace, watch.listener);
      try {
        await watch.until(() => watch.healths().includes('live'));
        const exec = await core.openExec({
          context: cluster.contexts.admin,
          namespace: single.namespace,
          pod: single.name,
          command: { kind: 'argv', argv: ['sleep', '600'] },
          tty: false,
          stdin: false,
        });
        const logs = await core.openLogs({
          context: cluster.contexts.admin,
          namespace: seq.namespace,
          pod: seq.name,
          follow: true,
          tailLines: 1,
        });
        expect([exec.state.kind, logs.state.kind]).toEqual(['live', 'live']);
        await events.untilLines(logs.id, 3);

        await stopKwok();

        // The exec ends (see the header for why 'exited' is among the possible ends).
        const execEnd = await events.finalState(exec.id);
        expect(['exited', 'failed', 'connection-lost']).toContain(execEnd.kind);
        if (execEnd.kind === 'failed' || execEnd.kind === 'connection-lost') {
          expect(execEnd.error).toMatchObject({ context: cluster.contexts.admin, detail: expect.stringContaining(single.name) });
        }

        // The follow ends, fails, or is resuming; whichever, it says so and stops being 'live'.
        await events.until(() => events.states(logs.id).some((state) => state.kind !== 'live'));
        const logState = events.states(logs.id).find((state) => state.kind !== 'live') as SessionState;
        expect(['ended', 'failed', 'resuming']).toContain(logState.kind);
        // What the container wrote, each line once. The kubelet may append its own error text to a
        // log it could not finish (kwok writes "context cancelled"); it has no timestamp, and the
        // core passes it on as a line without one, after the container's lines.
        const lines = events.lines(logs.id);
        const firstInjected = lines.findIndex((line) => line.timestamp === '');
        const containerLines = firstInjected === -1 ? lines : lines.slice(0, firstInjected);
        expect(lines.slice(containerLines.length).every((line) => line.timestamp === '')).toBe(true);
        const numbers = containerLines.map(seqNumber);
        expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));

        // The API server never went away: the watch did not notice anything.
        expect(watch.healths()).toEqual(['connecting', 'live']);
        core.close(exec.id);
        core.close(logs.id);
      } finally {
        unsubscribe();
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );

  it(
    'while kwok is down, a new exec and a new log fail at once with the API server\'s error',
    async () => {
      const { cluster, core, events } = env;
      const { single } = cluster.pods;
      await stopKwok();
      const target = { context: cluster.contexts.admin, namespace: single.namespace, pod: single.name };

      const exec = await core.openExec({ ...target, command: { kind: 'argv', argv: ['echo', 'unreachable'] }, tty: false, stdin: false });
      const execEnd = await events.finalState(exec.id);
      expect(execEnd).toMatchObject({ kind: 'failed', error: { context: cluster.contexts.admin } });
      expect(execEnd.kind === 'failed' && execEnd.error.detail).toMatch(/dial|connect|refused|backend/i);

      const logs = await core.openLogs({ ...target, follow: true });
      const logsEnd = await events.finalState(logs.id);
      expect(logsEnd).toMatchObject({ kind: 'failed', error: { context: cluster.contexts.admin } });
      expect(logsEnd.kind === 'failed' && logsEnd.error.detail).toMatch(/dial|connect|refused|backend/i);
      core.close(exec.id);
      core.close(logs.id);
    },
    FAULT_TEST_TIMEOUT_MS,
  );

  it(
    'once kwok is back, a new exec and a new log follow work',
    async () => {
      const { cluster, core, events } = env;
      const { single, seq } = cluster.pods;
      await stopKwok();
      await startKwok();

      const exec = await core.openExec({
        context: cluster.contexts.admin,
        namespace: single.namespace,
        pod: single.name,
        command: { kind: 'argv', argv: ['echo', 'kwok is back'] },
        tty: false,
        stdin: false,
      });
      expect(await events.finalState(exec.id)).toEqual({ kind: 'exited', exitCode: 0 });
      expect(events.output(exec.id)).toBe('kwok is back\n');

      const logs = await core.openLogs({ context: cluster.contexts.admin, namespace: seq.namespace, pod: seq.name, follow: true, tailLines: 1 });
      expect(logs.state.kind).toBe('live');
      // The generator wrote on while kwok was down; the follow delivers new lines as they come.
      const numbers = (await events.untilLines(logs.id, 10)).map(seqNumber);
      expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));
      core.close(exec.id);
      core.close(logs.id);
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
