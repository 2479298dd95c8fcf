// The real node's kubelet stops under open sessions and comes back, and containerd restarts
// (issue 7, "Faults"; issue 11, their real-node versions), on a private cluster: the API server
// stays up, so only what goes through the kubelet is affected. Through the core facade:
//   - an exec and a log follow open when the kubelet stops reach a final state (or the log
//     resumes): nothing hangs; the pod watch, which only talks to the API server, is not disturbed;
//   - while the kubelet is down, a new exec and a new log fail at once with the API server's error;
//   - once the kubelet is back, new sessions work;
//   - a containerd restart ends an exec that streams through it, but not a log follow (the kubelet
//     reads log files itself), and the containers run on under their shims.
// Two upstream behaviours decide which final state the user sees (Kubernetes 1.36):
//   - The API server proxies exec to the kubelet and reports the kubelet's end on the WebSocket's
//     status channel; when the kubelet connection just drops, client-go's executor sees an empty
//     error stream and the API server sends Success, so the exec reads "exited 0"
//     (kubernetes/kubectl#1726, `kubectl exec` exits 0 too).
//   - The API server copies a log from the kubelet and ends its response normally when the
//     kubelet connection drops, so a follow reads "ended", as when the container stops
//     (`kubectl logs -f` exits 0 too).
import { describe, expect, inject, it } from 'vitest';
import type { SessionState } from '../../shared/bridge/sessions.ts';
import { FAULT_TEST_TIMEOUT_MS, PodWatchRecorder, seqNumber, usePrivateCluster } from './faults-harness.ts';

describe.skipIf(inject('cluster') === null)('the real kubelet stopping, and containerd restarting, under open sessions', () => {
  const env = usePrivateCluster();
  let kubeletRunning = true;
  const stopKubelet = async (): Promise<void> => {
    if (!kubeletRunning) return;
    kubeletRunning = false;
    await env.cluster.stopKubelet();
  };
  const startKubelet = async (): Promise<void> => {
    if (kubeletRunning) return;
    await env.cluster.startKubelet();
    kubeletRunning = true;
  };

  it(
    'an exec and a log follow reach a clear state when the kubelet stops; the pod watch stays live',
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

        await stopKubelet();

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
        // What the container wrote, each line once. A kubelet may append its own error text to a
        // log it could not finish; it has no timestamp, and the core passes it on as a line
        // without one, after the container's lines.
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
    'while the kubelet is down, a new exec and a new log fail at once with the API server\'s error',
    async () => {
      const { cluster, core, events } = env;
      const { single } = cluster.pods;
      await stopKubelet();
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
    'once the kubelet is back, a new exec and a new log follow work',
    async () => {
      const { cluster, core, events } = env;
      const { single, seq } = cluster.pods;
      await stopKubelet();
      await startKubelet();

      const exec = await core.openExec({
        context: cluster.contexts.admin,
        namespace: single.namespace,
        pod: single.name,
        command: { kind: 'argv', argv: ['echo', 'kubelet is back'] },
        tty: false,
        stdin: false,
      });
      expect(await events.finalState(exec.id)).toEqual({ kind: 'exited', exitCode: 0 });
      expect(events.output(exec.id)).toBe('kubelet is back\n');

      const logs = await core.openLogs({ context: cluster.contexts.admin, namespace: seq.namespace, pod: seq.name, follow: true, tailLines: 1 });
      expect(logs.state.kind).toBe('live');
      // The container wrote on while the kubelet was down; the follow delivers new lines as they come.
      const numbers = (await events.untilLines(logs.id, 10)).map(seqNumber);
      expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));
      core.close(exec.id);
      core.close(logs.id);
    },
    FAULT_TEST_TIMEOUT_MS,
  );

  it(
    'a containerd restart ends a live exec with a clear state, a log follow reads on, and the containers keep running',
    async () => {
      const { cluster, core, events } = env;
      const { single, seq } = cluster.pods;
      await startKubelet();
      const target = { context: cluster.contexts.admin, namespace: single.namespace, pod: single.name };
      const exec = await core.openExec({ ...target, command: { kind: 'argv', argv: ['sh', '-c', 'echo up; exec sleep 600'] }, tty: false, stdin: false });
      await events.until(() => events.output(exec.id).includes('up'));
      const logs = await core.openLogs({ context: cluster.contexts.admin, namespace: seq.namespace, pod: seq.name, follow: true, tailLines: 1 });
      await events.untilLines(logs.id, 2);

      await cluster.restartContainerd();

      const execEnd = await events.finalState(exec.id);
      expect(['exited', 'failed', 'connection-lost']).toContain(execEnd.kind);
      const before = events.lines(logs.id).length;
      const numbers = (await events.untilLines(logs.id, before + 10)).map(seqNumber);
      expect(numbers.slice(1)).toEqual(numbers.slice(0, -1).map((n) => n + 1));
      expect(events.states(logs.id).filter((state) => state.kind !== 'live')).toEqual([]);

      // The container survived under its shim: a new exec sees its first process still there.
      const again = await core.openExec({ ...target, command: { kind: 'argv', argv: ['cat', '/proc/1/cmdline'] }, tty: false, stdin: false });
      expect(await events.finalState(again.id)).toEqual({ kind: 'exited', exitCode: 0 });
      expect(events.output(again.id)).toContain('sleep');
      core.close(exec.id);
      core.close(logs.id);
      core.close(again.id);
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
