// Exec: run a command (or "a shell", probed) in a container. One handshake per candidate offering
// v5.channel.k8s.io, v4.channel.k8s.io and channel.k8s.io; everything after the handshake is
// RemoteCommandSession's.
import type { ExecRequest } from '../../../shared/bridge/sessions.ts';
import { CoreError } from '../errors/core-error.ts';
import { checkPodRef, podLabel, podStreamTarget } from './pod-target.ts';
import {
  RemoteCommandSession,
  type Candidate,
  type RemoteCommandSettings,
} from './remote-command-session.ts';
import { shellCandidates, type NodeOs } from './shell-probe.ts';

export interface ExecSessionOptions extends RemoteCommandSettings {
  readonly request: ExecRequest;
  /** Shells to try for `{ kind: 'shell' }`, in order; by default from shellCandidates(nodeOs). */
  readonly shells?: readonly string[];
}

/** Creates the session without connecting; call start(). Throws CoreError for a malformed request. */
export function createExecSession(options: ExecSessionOptions): RemoteCommandSession {
  const { request } = options;
  checkPodRef(request);
  const flags = { tty: request.tty === true, stdin: request.stdin === true };
  const command: unknown = request.command;
  const probe = isShellCommand(command);
  const argvs: readonly (readonly string[])[] = probe
    ? (options.shells ?? shellCandidates(checkNodeOs(command.nodeOs, request.context))).map((shell) => [shell])
    : [checkArgv(isObject(command) ? command['argv'] : undefined, request.context)];
  const candidates = argvs.map(
    (argv): Candidate => ({ label: argv.join(' '), target: podStreamTarget('exec', request, flags, argv) }),
  );
  const [first, ...rest] = candidates;
  if (first === undefined) {
    throw new CoreError({
      kind: 'invalid-request',
      title: 'No shell to try',
      detail: 'The list of shells to probe is empty.',
      context: request.context,
    });
  }
  return new RemoteCommandSession({
    ...options,
    kind: 'exec',
    title: `${podLabel(request)}: ${probe ? 'shell' : first.label}`,
    candidates: [first, ...rest],
    probe,
    namespace: request.namespace,
    pod: request.pod,
    ...flags,
    ...(request.size === undefined ? {} : { size: request.size }),
  });
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null;
}

function isShellCommand(command: unknown): command is { kind: 'shell'; nodeOs?: unknown } {
  return isObject(command) && command['kind'] === 'shell';
}

function checkNodeOs(nodeOs: unknown, context: string): NodeOs | undefined {
  if (nodeOs === undefined || nodeOs === 'linux' || nodeOs === 'windows') return nodeOs;
  throw new CoreError({
    kind: 'invalid-request',
    title: 'Unknown node OS',
    detail: `The shell probe knows the node OS "linux" and "windows", got ${JSON.stringify(nodeOs) ?? String(nodeOs)}.`,
    context,
  });
}

function checkArgv(argv: unknown, context: string): readonly string[] {
  const valid =
    Array.isArray(argv) &&
    argv.length > 0 &&
    argv.every((arg) => typeof arg === 'string') &&
    (argv[0] as string) !== '';
  if (!valid) {
    throw new CoreError({
      kind: 'invalid-request',
      title: 'No command given',
      detail: `Exec needs a command: a list of strings whose first element names the program, got ${JSON.stringify(argv) ?? String(argv)}.`,
      context,
    });
  }
  return argv as string[];
}
