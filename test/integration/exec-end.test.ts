// How exec sessions end against the real API server and kwok: exit codes, the server's own
// failures, and an RBAC denial in the server's words.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { RealSessions } from './exec-harness.ts';

const cluster = inject('cluster');

describe.skipIf(cluster === null)('exec: how sessions end on the real cluster', () => {
  const c = cluster as ClusterInfo;
  // Built in beforeAll: describe bodies also run when the tier is skipped (cluster === null).
  let sessions: RealSessions;
  beforeAll(() => {
    sessions = new RealSessions(c);
  });
  afterAll(() => sessions?.close());

  it('ends with exited 0 and all output for a command that succeeds', async () => {
    const { log } = sessions.exec({ command: { kind: 'argv', argv: ['sh', '-c', 'echo out; echo err >&2'] } });
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(log.outputText('stdout')).toBe('out\n');
    expect(log.outputText('stderr')).toBe('err\n');
    expect(log.states()).toEqual(['live', 'exited']);
  });

  it("reports `sh -c 'exit 3'` as kwok's kubelet does: an InternalError quoting exit status 3", async () => {
    // kwok v0.8.0 wraps the process's exit error, so the kubelet streaming server sends
    // InternalError instead of NonZeroExitCode (pinned by cluster-kwok-caveats.test.ts); a real
    // kubelet's NonZeroExitCode becomes `exited 3` (unit test: exec-session.test.ts).
    const { log } = sessions.exec({ command: { kind: 'argv', argv: ['sh', '-c', 'exit 3'] } });
    const final = await log.finalState();
    expect(final.state).toMatchObject({
      kind: 'failed',
      error: { kind: 'server-error', title: 'Exec failed (InternalError)', httpStatus: 500, context: c.contexts.admin },
    });
    expect(final.state.kind === 'failed' && final.state.error.detail).toMatch(/exit status 3$/);
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
