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
//
// ShellProbe (below) is the probe's state, as client-go's fallback executor keeps it apart from the
// stream: the session reports what happens on the candidate's socket (input sent, output, the end)
// and the probe says what follows: hold the output or deliver it, retry with the next candidate,
// give up, or let the end stand because the candidate ran. The candidate counts as confirmed (held
// input is dropped and no fallback happens any more) on:
//   - its first output byte, unless that output reads like the runtime's not-found message (held
//     back until the end decides: dockershim prints the error, then exits 126), or, on a tty, is
//     just the terminal's echo of the input sent to it (held back the same way: the pty of a
//     candidate that never starts echoes typed-ahead keystrokes too, see terminal-echo.ts; a
//     shell that does run soon prints its prompt, which confirms it and releases the echo first);
//   - any end other than "not found" (an exit code means it ran);
//   - input beyond the held-input limit (replaying a partial copy would be worse than no fallback).
// There is deliberately no "quiet period" timer: because held input is forwarded immediately, a
// timer would buy no latency and could only confirm a candidate whose not-found answer is slow.
import type { OutputChannel } from '../../../shared/bridge/sessions.ts';
import type { ExecOutcome } from '../../../shared/protocol/status.ts';
import { HeldInput } from './held-input.ts';
import { TerminalEcho } from './terminal-echo.ts';

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

/** Output held back while it may be a runtime's not-found message; more than this confirms. */
const SUSPECT_OUTPUT_LIMIT = 4096;

export interface ShellProbeInit {
  /** How many candidates there are to try, in order. */
  readonly candidates: number;
  /** Whether to fall back to the next candidate at all (a shell probe); else the first is confirmed once open. */
  readonly probing: boolean;
  readonly tty: boolean;
  readonly heldInputLimit?: number;
  /** Where output goes once the probe lets it through. */
  readonly deliver: (channel: OutputChannel, bytes: Uint8Array) => void;
}

/** What the end of a candidate's stream means. */
export type ProbeVerdict =
  /** It never started: connect to candidateIndex (the next one) and replay the held input. */
  | { readonly kind: 'retry' }
  /** None of the candidates started; `outcome` is the last one's answer. */
  | { readonly kind: 'give-up'; readonly outcome: ExecOutcome }
  /** It ran (or was not probed): the end is the session's end. */
  | { readonly kind: 'ran' };

export class ShellProbe {
  readonly #init: ShellProbeInit;
  readonly #held: HeldInput;
  #candidateIndex = 0;
  #confirmed = false;
  /** Output of the unconfirmed candidate that a candidate which never started can produce too. */
  #suspectOutput: { channel: OutputChannel; bytes: Uint8Array }[] = [];
  /** Of those, the bytes that read like a not-found message (echo is bounded by the held input). */
  #suspectBytes = 0;
  /** The terminal echo the unconfirmed candidate's pty may send back (probing a tty shell). */
  #echo: TerminalEcho | undefined;

  constructor(init: ShellProbeInit) {
    this.#init = init;
    this.#held = new HeldInput(init.heldInputLimit);
  }

  /** The candidate being tried (the one running, once confirmed). */
  get candidateIndex(): number {
    return this.#candidateIndex;
  }

  get confirmed(): boolean {
    return this.#confirmed;
  }

  /** The most input held for replay. */
  get heldInputLimit(): number {
    return this.#held.limit;
  }

  /**
   * The candidate's socket is open: `replay` gets the input held so far to send into it (its
   * sends go through sent()). Without probing the candidate is confirmed after that.
   */
  opened(replay: (held: HeldInput) => void): void {
    this.#echo = this.#init.probing && this.#init.tty ? new TerminalEcho() : undefined;
    replay(this.#held);
    if (!this.#init.probing) this.confirm();
  }

  /**
   * Input the user wrote: keeps a copy while unconfirmed. Returns false when it could not (the
   * copy would pass the limit); the caller then confirms or refuses the input.
   */
  hold(bytes: Uint8Array): boolean {
    return this.#confirmed || this.#held.add(bytes);
  }

  /** The user closed stdin: replayed after the held input. */
  holdClose(): void {
    if (!this.#confirmed) this.#held.closeStdin();
  }

  /** Input was sent to the candidate's process (its terminal may echo it). */
  sent(bytes: Uint8Array): void {
    if (!this.#confirmed) this.#echo?.sent(bytes);
  }

  /** Output of the candidate: held while a candidate that never started could have printed it, else delivered. */
  output(channel: OutputChannel, bytes: Uint8Array): void {
    if (!this.#confirmed) {
      if (this.#startFailureCouldPrint(channel, bytes)) {
        this.#suspectOutput.push({ channel, bytes });
        return;
      }
      this.confirm();
    }
    this.#init.deliver(channel, bytes);
  }

  /** The candidate runs: drops the held input and delivers the output held back. */
  confirm(): void {
    if (this.#confirmed) return;
    this.#confirmed = true;
    this.#held.clear();
    this.#echo = undefined;
    const suspect = this.#suspectOutput;
    this.#suspectOutput = [];
    this.#suspectBytes = 0;
    for (const { channel, bytes } of suspect) this.#init.deliver(channel, bytes);
  }

  /** The candidate's stream ended, with `outcome` when the status channel gave one. */
  ended(outcome: ExecOutcome | undefined): ProbeVerdict {
    if (!this.#confirmed && this.#init.probing && outcome !== undefined && this.#notStarted(outcome)) {
      this.#suspectOutput = [];
      this.#suspectBytes = 0;
      const next = this.#candidateIndex + 1;
      if (next < this.#init.candidates) {
        this.#candidateIndex = next;
        return { kind: 'retry' };
      }
      return { kind: 'give-up', outcome };
    }
    this.confirm();
    return { kind: 'ran' };
  }

  /** Whether a candidate that never started could have produced this output (see the top). */
  #startFailureCouldPrint(channel: OutputChannel, bytes: Uint8Array): boolean {
    if (channel === 'stdout' && this.#echo?.accepts(bytes) === true) return true;
    if (this.#suspectBytes + bytes.length > SUSPECT_OUTPUT_LIMIT || !isExecutableNotFound(decodeLoosely(bytes))) return false;
    this.#suspectBytes += bytes.length;
    return true;
  }

  #notStarted(outcome: ExecOutcome): boolean {
    if (outcome.kind === 'error') return isExecutableNotFound(outcome.message);
    const printed = this.#suspectOutput.map(({ bytes }) => decodeLoosely(bytes)).join('');
    return isNotStartedExit(outcome.code, printed);
  }
}

const looseText = new TextDecoder('utf-8');

function decodeLoosely(bytes: Uint8Array): string {
  return looseText.decode(bytes);
}
