import { describe, expect, it } from 'vitest';
import {
  isExecutableNotFound,
  isNotStartedExit,
  ShellProbe,
  shellCandidates,
  type ShellProbeInit,
} from '../../../../../main/core/sessions/shell-probe.ts';

describe('shellCandidates', () => {
  it('tries bash then sh on Linux nodes', () => {
    expect(shellCandidates('linux')).toEqual(['bash', 'sh']);
  });
  it('tries powershell then cmd on Windows nodes', () => {
    expect(shellCandidates('windows')).toEqual(['powershell', 'cmd']);
  });
  it('tries the Linux pair, then the Windows pair, when the OS is unknown', () => {
    expect(shellCandidates()).toEqual(['bash', 'sh', 'powershell', 'cmd']);
  });
});

describe('isExecutableNotFound', () => {
  it.each([
    [
      'kwok through the kubelet streaming server (v4)',
      'Internal error occurred: error executing command in container: cmd start: bash : exec: "bash": executable file not found in $PATH',
    ],
    [
      'kwok through the API server stream translator (v5)',
      'Internal error occurred: Internal error occurred: error executing command in container: cmd start: bash : exec: "bash": executable file not found in $PATH',
    ],
    [
      'containerd with runc',
      'Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "0f3c": OCI runtime exec failed: exec failed: unable to start container process: exec: "bash": executable file not found in $PATH: unknown',
    ],
    [
      'dockershim, printed on stdout',
      'OCI runtime exec failed: exec failed: container_linux.go:349: starting container process caused "exec: \\"bash\\": executable file not found in $PATH": unknown\r\n',
    ],
    ['crun', 'executable file `bash` not found in $PATH: No such file or directory: OCI runtime attempted to invoke a command that was not found'],
    ['runc with an absolute path', 'exec failed: unable to start container process: exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown'],
    [
      'Windows (hcsshim)',
      'hcs::System::CreateProcess 3b1f: The system cannot find the file specified.: unknown',
    ],
  ])('recognises %s', (_source, message) => {
    expect(isExecutableNotFound(message)).toBe(true);
  });

  it.each([
    ['a shell reporting a missing command', 'bash: foo: command not found'],
    ['a missing file from a running program', "ls: cannot access '/nope': No such file or directory"],
    ['a non-zero exit', 'command terminated with non-zero exit code: exit status 3'],
    ['a container that is gone', 'Internal error occurred: error executing command in container: container not found ("app")'],
    ['nothing', ''],
  ])('does not mistake %s for it', (_case, message) => {
    expect(isExecutableNotFound(message)).toBe(false);
  });
});

describe('isNotStartedExit', () => {
  const dockerMessage = 'OCI runtime exec failed: exec failed: exec: "bash": executable file not found in $PATH: unknown\r\n';
  it('is an exit of 126 or 127 after nothing but the runtime not-found message', () => {
    expect(isNotStartedExit(126, dockerMessage)).toBe(true);
    expect(isNotStartedExit(127, dockerMessage)).toBe(true);
  });
  it('is not any other exit code, nor 126/127 after other output', () => {
    expect(isNotStartedExit(1, dockerMessage)).toBe(false);
    expect(isNotStartedExit(127, 'bash: foo: command not found\n')).toBe(false);
    expect(isNotStartedExit(127, '')).toBe(false);
  });
});

describe('ShellProbe', () => {
  const notFound = { kind: 'error', reason: 'InternalError', message: 'exec: "bash": executable file not found in $PATH' } as const;
  const text = (value: string): Uint8Array => new TextEncoder().encode(value);

  function probe(init: Partial<ShellProbeInit> = {}): { probe: ShellProbe; delivered: string[] } {
    const delivered: string[] = [];
    const made = new ShellProbe({
      candidates: 2,
      probing: true,
      tty: true,
      deliver: (channel, bytes) => delivered.push(`${channel}:${new TextDecoder().decode(bytes)}`),
      ...init,
    });
    return { probe: made, delivered };
  }

  it('retries the next candidate on "not found", replaying the held input, then gives up after the last', () => {
    const { probe: shell } = probe();
    expect(shell.hold(text('ls\r'))).toBe(true);
    shell.holdClose();
    const replayed: string[] = [];
    shell.opened((held) => replayed.push(...held.chunks.map((chunk) => new TextDecoder().decode(chunk)), `closed:${held.stdinClosed}`));
    expect(replayed).toEqual(['ls\r', 'closed:true']);
    expect(shell.ended(notFound)).toEqual({ kind: 'retry' });
    expect(shell.candidateIndex).toBe(1);
    expect(shell.ended(notFound)).toEqual({ kind: 'give-up', outcome: notFound });
    expect(shell.confirmed).toBe(false);
  });

  it('holds output a candidate that never started could print, and delivers it once another byte confirms', () => {
    const { probe: shell, delivered } = probe();
    shell.opened(() => {});
    shell.sent(text('ls'));
    shell.output('stdout', text('ls'));
    shell.output('stderr', text('OCI runtime exec failed: exec: "bash": executable file not found in $PATH'));
    expect(delivered).toEqual([]);
    shell.output('stdout', text('$ '));
    expect(shell.confirmed).toBe(true);
    expect(delivered).toEqual(['stdout:ls', 'stderr:OCI runtime exec failed: exec: "bash": executable file not found in $PATH', 'stdout:$ ']);
  });

  it('lets the end stand once a candidate ran: an exit code, or any end after confirmation', () => {
    const { probe: exited } = probe();
    exited.opened(() => {});
    expect(exited.ended({ kind: 'exit', code: 3 })).toEqual({ kind: 'ran' });
    const { probe: confirmed } = probe();
    confirmed.opened(() => {});
    confirmed.output('stdout', text('$ '));
    expect(confirmed.ended(notFound)).toEqual({ kind: 'ran' });
  });

  it('reads dockershim\'s printed not-found and exit 126 as not started', () => {
    const { probe: shell, delivered } = probe({ tty: false });
    shell.opened(() => {});
    shell.output('stdout', text('OCI runtime exec failed: exec failed: executable file not found in $PATH: unknown'));
    expect(shell.ended({ kind: 'exit', code: 126 })).toEqual({ kind: 'retry' });
    expect(delivered).toEqual([]);
  });

  it('confirms the only candidate once open when not probing, and holds nothing after', () => {
    const { probe: shell } = probe({ probing: false, candidates: 1 });
    shell.hold(text('early'));
    const replayed: number[] = [];
    shell.opened((held) => replayed.push(held.chunks.length));
    expect(replayed).toEqual([1]);
    expect(shell.confirmed).toBe(true);
    expect(shell.ended(notFound)).toEqual({ kind: 'ran' });
  });

  it('refuses to hold input beyond its limit', () => {
    const { probe: shell } = probe({ heldInputLimit: 4 });
    expect(shell.hold(text('1234'))).toBe(true);
    expect(shell.hold(text('5'))).toBe(false);
    shell.confirm();
    expect(shell.hold(text('anything at all'))).toBe(true);
  });
});
