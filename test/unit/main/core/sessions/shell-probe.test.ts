import { describe, expect, it } from 'vitest';
import { isExecutableNotFound, isNotStartedExit, shellCandidates } from '../../../../../main/core/sessions/shell-probe.ts';

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
