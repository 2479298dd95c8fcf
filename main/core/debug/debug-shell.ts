// A shell in a debug container: ensure one runs beside the chosen container (reused or added), then
// exec a shell in it. An exec rather than an attach: the prompt shows at once, and two tabs on one
// reused container get a shell each instead of sharing one terminal.
import type { DebugShellRequest } from '../../../shared/bridge/debug.ts';
import type { SessionId } from '../../../shared/bridge/sessions.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { createExecSession } from '../sessions/exec-session.ts';
import { checkPodRef, podLabel } from '../sessions/pod-target.ts';
import type { SessionSink } from '../sessions/session.ts';
import { ensureDebugContainer } from './ensure-debug-container.ts';
import { PreparedShellSession } from './prepared-shell-session.ts';

export interface DebugShellOptions {
  readonly id: SessionId;
  readonly emit: SessionSink;
  readonly connection: ClusterConnection;
  readonly request: DebugShellRequest;
}

export function createDebugShellSession(options: DebugShellOptions): PreparedShellSession {
  const { connection, request } = options;
  checkPodRef(request);
  return new PreparedShellSession({
    id: options.id,
    emit: options.emit,
    connection,
    title: `${podLabel(request)}: debug`,
    doing: `adding a debug container to pod ${request.pod}`,
    ...(request.size === undefined ? {} : { size: request.size }),
    prepare: async (progress, signal) => {
      const debug = await ensureDebugContainer(connection, request, request.image, { onProgress: progress, signal });
      progress(`Debug container ${debug.container} runs beside ${debug.target}: ps shows its processes, /proc/<pid>/root its files.`);
      return (emit, size) =>
        createExecSession({
          id: options.id,
          emit,
          connection,
          request: {
            context: request.context,
            namespace: request.namespace,
            pod: request.pod,
            container: debug.container,
            command: { kind: 'shell' },
            tty: true,
            stdin: true,
            ...(size === undefined ? {} : { size }),
          },
        });
    },
  });
}
