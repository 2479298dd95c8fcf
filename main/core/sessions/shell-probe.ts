// "A shell" is not one command: images carry bash, or only sh (alpine, busybox), or on Windows
// nodes powershell or cmd. Exec cannot ask which exists, so we try them in order and recognise
// the runtime's "executable not found" answer, which no shell produces itself.
//
// How a missing executable surfaces (what isExecutableNotFound recognises):
// - containerd / CRI-O with runc: the kubelet's streaming server reports the runtime's error as a
//   metav1.Status on channel 3, reason InternalError, message "Internal error occurred: error
//   executing command in container: failed to exec in container: ... OCI runtime exec failed: exec
//   failed: unable to start container process: exec: "bash": executable file not found in $PATH:
//   unknown" (runc resolves the name with Go's exec.LookPath; an absolute path gives
//   `exec: "/bin/bash": stat /bin/bash: no such file or directory` instead).
// - crun: "executable file `bash` not found in $PATH: No such file or directory".
// - kwok (our test cluster): the same InternalError around Go's own wording, "cmd start: bash :
//   exec: "bash": executable file not found in $PATH". Through the v5 stream translator the API
//   server wraps it once more in "Internal error occurred: ...".
// - Windows (hcsshim): "hcs::System::CreateProcess ...: The system cannot find the file specified."
// - dockershim / cri-dockerd: the runtime's message arrives on stdout ("OCI runtime exec failed:
//   ... executable file not found in $PATH: unknown") followed by exit code 126 (127 for some
//   runtimes). The session therefore holds output that reads like this until it knows more.
//
// None of these can be produced by a running shell in reply to user input, which is what makes it
// safe to replay that input into the next candidate: the failed one never started.

export type NodeOs = 'linux' | 'windows';

const LINUX_SHELLS = ['bash', 'sh'] as const;
const WINDOWS_SHELLS = ['powershell', 'cmd'] as const;

/**
 * The shells to try, in order. Without a hint the Linux pair comes first (by far the common
 * case); the Windows pair after it costs two quick failed execs on a Windows node, nothing more.
 */
export function shellCandidates(nodeOs?: NodeOs): readonly string[] {
  switch (nodeOs) {
    case 'linux':
      return LINUX_SHELLS;
    case 'windows':
      return WINDOWS_SHELLS;
    case undefined:
      return [...LINUX_SHELLS, ...WINDOWS_SHELLS];
  }
}

const NOT_FOUND_PATTERNS: readonly RegExp[] = [
  // Go's exec.LookPath (runc, kwok): `exec: "bash": executable file not found in $PATH`;
  // crun: "executable file `bash` not found in $PATH".
  /executable file\b.{0,200}?\bnot found/i,
  // runc with a path: `exec: "/bin/bash": stat /bin/bash: no such file or directory`.
  /exec: "[^"]*": stat [^:]*: no such file or directory/i,
  // Windows process creation: "The system cannot find the file specified."
  /the system cannot find the file specified/i,
];

/** Whether a runtime's message says the command's executable does not exist in the container. */
export function isExecutableNotFound(message: string): boolean {
  return NOT_FOUND_PATTERNS.some((pattern) => pattern.test(message));
}

/** Exit codes with which some runtimes report an executable they could not start. */
const NOT_STARTED_EXIT_CODES: ReadonlySet<number> = new Set([126, 127]);

/**
 * For runtimes that print the error and then exit (dockershim): the candidate did not start when
 * it exited with 126/127 and everything it printed was the runtime's not-found message.
 */
export function isNotStartedExit(exitCode: number, printed: string): boolean {
  return NOT_STARTED_EXIT_CODES.has(exitCode) && isExecutableNotFound(printed);
}
