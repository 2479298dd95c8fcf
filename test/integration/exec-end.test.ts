// How exec sessions end on the real node (kubelet + containerd + runc): exit codes, stdin EOF,
// a container killed under a live exec, the server's own failures, and an RBAC denial in the
// server's words.
import { describe, expect, inject, it } from 'vitest';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { useRealSessions } from './exec-harness.ts';

const cluster = inject('cluster');

describe.skipIf(cluster === null)('exec: how sessions end on the real cluster', () => {
  const c = cluster as ClusterInfo;
  const sessions = useRealSessions();

  it('ends with exited 0 and all output for a command that succeeds', async () => {
    const { log } = sessions.exec({ command: { kind: 'argv', argv: ['sh', '-c', 'echo out; echo err >&2'] } });
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(log.outputText('stdout')).toBe('out\n');
    expect(log.outputText('stderr')).toBe('err\n');
    expect(log.states()).toEqual(['live', 'exited']);
  });

  it("reports `sh -c 'exit 3'` as exited 3 (the kubelet's NonZeroExitCode)", async () => {
    const { log } = sessions.exec({ command: { kind: 'argv', argv: ['sh', '-c', 'exit 3'] } });
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 3 });
  });

  it('closes stdin with the v5 close frame: `wc -c` ends and counts 4 MiB written through the core', async () => {
    const { session, log } = sessions.exec({ command: { kind: 'argv', argv: ['wc', '-c'] }, stdin: true });
    await log.until(() => session.state.kind === 'live');
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    for (let i = 0; i < 64; i++) session.write(chunk);
    session.closeStdin();
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(log.outputText('stdout').trim()).toBe(String(4 * 1024 * 1024));
  });

  it('ends a live exec whose container is killed, and says how', async () => {
    // The crash-looping pod's container lives 3 s and restarts about every 6 s; between runs an
    // exec is refused ("container not found", or containerd's "cannot exec in a stopped state" when
    // it lands as the container stops: seen on CI), so try until one starts inside a running container.
    const pod = c.pods.crashloop;
    const command = { kind: 'argv', argv: ['sh', '-c', 'echo started; exec sleep 600'] } as const;
    for (let attempt = 1; ; attempt++) {
      const { log } = sessions.exec({ namespace: pod.namespace, pod: pod.name, container: pod.containers[0], command });
      const final = (await log.finalState()).state;
      if (log.outputText().includes('started')) {
        // The container's end takes the exec'd process with it: SIGKILL, 128 + 9, as kubectl reports.
        expect(final).toEqual({ kind: 'exited', exitCode: 137 });
        return;
      }
      expect(final).toMatchObject({ kind: 'failed', error: { detail: expect.stringMatching(/container not found|cannot exec in a stopped state/) } });
      if (attempt === 10) throw new Error('the crash-looping container was never running for an exec in 10 attempts');
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });

  it('fails with the server’s message when the command does not exist', async () => {
    const { log } = sessions.exec({ command: { kind: 'argv', argv: ['porthole-no-such-command'] } });
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { title: 'Exec failed (InternalError)' } });
    expect(final.state.kind === 'failed' && final.state.error.detail).toContain(
      'exec: "porthole-no-such-command": executable file not found in $PATH',
    );
  });

  it('fails the viewer’s exec with the server’s own words', async () => {
    const pod = c.pods.single;
    const { log, session } = sessions.exec({ context: c.contexts.viewer, command: { kind: 'argv', argv: ['ls'] } });
    const final = await log.finalState();
    expect(log.states()).toEqual(['failed']);
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'forbidden', httpStatus: 403, context: c.contexts.viewer } });
    const detail = final.state.kind === 'failed' ? final.state.error.detail : '';
    expect(detail).toContain(`pods "${pod.name}" is forbidden: User "${c.users.viewer}" cannot`);
    expect(detail).toContain('resource "pods/exec"');
    expect(detail).toContain(`in the namespace "${pod.namespace}"`);
    expect(session.state).toEqual(final.state);
  });

  it('fails with the server’s words for a pod that does not exist', async () => {
    const { log } = sessions.exec({ pod: 'porthole-no-such-pod', command: { kind: 'argv', argv: ['ls'] } });
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'not-found', httpStatus: 404 } });
    expect(final.state.kind === 'failed' && final.state.error.detail).toContain('pods "porthole-no-such-pod" not found');
  });
});
