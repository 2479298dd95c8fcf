// Attach: connect to the streams of a container's main process, with the same machinery as exec
// (no command, no shell probe). Success on the status channel means the process ended.
import type { AttachRequest } from '../../../shared/bridge/sessions.ts';
import { checkPodRef, podLabel, podStreamTarget } from './pod-target.ts';
import { RemoteCommandSession, type RemoteCommandSettings } from './remote-command-session.ts';

export interface AttachSessionOptions extends RemoteCommandSettings {
  readonly request: AttachRequest;
}

/** Creates the session without connecting; call start(). Throws CoreError for a malformed request. */
export function createAttachSession(options: AttachSessionOptions): RemoteCommandSession {
  const { request } = options;
  checkPodRef(request);
  const flags = { tty: request.tty === true, stdin: request.stdin === true };
  return new RemoteCommandSession({
    ...options,
    kind: 'attach',
    title: `${podLabel(request)} (attached)`,
    candidates: [{ label: 'attach', target: podStreamTarget('attach', request, flags) }],
    probe: false,
    namespace: request.namespace,
    pod: request.pod,
    ...flags,
    ...(request.size === undefined ? {} : { size: request.size }),
  });
}
