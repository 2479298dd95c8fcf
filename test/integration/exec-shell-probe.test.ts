// The default-shell probe on the real node: in the busybox pod (sh, no bash) bash fails with
// runc's real "executable file not found", sh takes over on a new socket, and every keystroke
// typed meanwhile arrives, once. In the distroless pod (no shell at all) the probe ends with a
// clear "no shell" failure, not a hang. Another session is not disturbed.
//
// The keystrokes typed ahead race two real behaviours (see test/cluster/README.md): the missing
// shell's pty may echo them before the not-found answer, and that answer may be in before they
// are sent. Either made this test fail now and then (more often on a loaded machine); the unit
// tests in test/unit/main/core/sessions/shell-probe-session.test.ts reproduce both deterministically.
import { describe, expect, inject, it } from 'vitest';
import type { ClusterInfo } from '../cluster/cluster.ts';
import { useRealSessions } from './exec-harness.ts';

const cluster = inject('cluster');

describe.skipIf(cluster === null)('exec: default shell probe on the real cluster', () => {
  const sessions = useRealSessions();

  it('falls back to sh in a pod without bash, without losing a keystroke, and leaves another session alone', async () => {
    const shOnly = (cluster as ClusterInfo).pods.shOnly;
    const inShOnly = { namespace: shOnly.namespace, pod: shOnly.name, container: shOnly.containers[0] };
    const other = sessions.exec({ command: { kind: 'argv', argv: ['sh'] }, tty: true, stdin: true });
    other.session.write(Buffer.from('echo other-$((1 + 1))\r'));
    await other.log.until(() => other.log.outputText().includes('other-2'));

    const { session, log } = sessions.exec({ ...inShOnly, command: { kind: 'shell' }, tty: true, stdin: true, size: { cols: 100, rows: 30 } });
    // Typed while the handshake runs…
    session.write(Buffer.from('echo first-$((40 + 2))\r'));
    // …and while the missing shell is being tried (its socket is open, the answer not yet in).
    log.observe((event) => {
      if (event.kind === 'state' && event.state.kind === 'live') session.write(Buffer.from('echo second-$((50 + 5))\r'));
    });
    await log.until(() => log.outputText().includes('first-42') && log.outputText().includes('second-55'));
    expect(session.candidate).toBe('sh');
    session.write(Buffer.from('command -v bash || echo no-bash-here\r'));
    await log.until(() => log.outputText().includes('no-bash-here'));
    session.write(Buffer.from('echo size-$(stty size)-\r'));
    await log.until(() => log.outputText().includes('size-30 100-'));
    session.write(Buffer.from('exit\r'));
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
    expect(log.states()).toEqual(['live', 'exited']);
    // Each command ran once: its result appears once (the echoed input shows the unexpanded form).
    expect(log.outputText().split('first-42').length - 1).toBe(1);
    expect(log.outputText().split('second-55').length - 1).toBe(1);
    expect(log.outputText().indexOf('first-42')).toBeLessThan(log.outputText().indexOf('second-55'));

    other.session.write(Buffer.from('echo still-$((2 + 2))\r'));
    await other.log.until(() => other.log.outputText().includes('still-4'));
    expect(other.log.states()).toEqual(['live']);
    other.session.write(Buffer.from('exit\r'));
    expect((await other.log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
  });

  it('says the distroless container has no shell, naming the shells tried, and does not hang', async () => {
    const distroless = (cluster as ClusterInfo).pods.distroless;
    const { log } = sessions.exec({
      namespace: distroless.namespace,
      pod: distroless.name,
      container: distroless.containers[0],
      command: { kind: 'shell' },
      tty: true,
      stdin: true,
    });
    const final = await log.finalState();
    expect(final.state).toMatchObject({ kind: 'failed', error: { kind: 'not-found', title: 'No shell in the container' } });
    const detail = final.state.kind === 'failed' ? final.state.error.detail : '';
    expect(detail).toContain('executable file not found in $PATH');
  });

  it('takes bash when the container has it', async () => {
    const { session, log } = sessions.exec({ command: { kind: 'shell' }, tty: true, stdin: true });
    session.write(Buffer.from('echo "bash-$BASH_VERSINFO"\r'));
    await log.until(() => /bash-\d/.test(log.outputText()));
    expect(session.candidate).toBe('bash');
    session.write(Buffer.from('exit\r'));
    expect((await log.finalState()).state).toEqual({ kind: 'exited', exitCode: 0 });
  });
});
