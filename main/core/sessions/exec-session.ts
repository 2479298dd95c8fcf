// Exec: run a command (or "a shell", probed) in a container. One handshake per candidate offering
// v5.channel.k8s.io, v4.channel.k8s.io and channel.k8s.io; everything after the handshake is
// RemoteCommandSession's.
import { execCommand } from '../../../shared/bridge/call-schemas.ts';
import { SchemaError } from '../../../shared/bridge/schema.ts';
import type { ExecCommand, ExecRequest } from '../../../shared/bridge/sessions.ts';
import { CoreError } from '../errors/core-error.ts';
import { checkPodRef, podLabel, podStreamTarget } from './pod-target.ts';
import {
  RemoteCommandSession,
  type Candidate,
  type RemoteCommandSettings,
} from './remote-command-session.ts';
import { shellCandidates } from './shell-probe.ts';

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
  const command = checkCommand(request.command, request.context);
  const probe = command.kind === 'shell';
  const argvs: readonly (readonly string[])[] =
    command.kind === 'shell' ? (options.shells ?? shellCandidates(command.nodeOs)).map((shell) => [shell]) : [command.argv];
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

/** The command as the bridge's schema checks it (call-schemas.ts), refused with the core's titles. */
function checkCommand(command: unknown, context: string): ExecCommand {
  try {
    return execCommand(command, 'command');
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    throw new CoreError({
      kind: 'invalid-request',
      title: error.path === 'command.nodeOs' ? 'Unknown node OS' : 'No command given',
      detail: `Exec needs a command (argv whose first element names the program) or a shell: ${error.message}.`,
      context,
    });
  }
}
