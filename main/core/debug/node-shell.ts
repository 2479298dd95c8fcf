// A shell on a node: a privileged pod pinned to the node with the host's PID, network and IPC
// namespaces, whose shell enters PID 1's namespaces (`nsenter -t 1 -m -u -i -n -p -- sh`, busybox
// has nsenter), as `kubectl debug node/…` and k9s's node shell do. The pod only sleeps; each shell
// is an exec into it, so the prompt shows at once. The pod is deleted when the session ends, and
// recorded (node-shell-record.ts) until then, so that the next start deletes what a crash left.
import type { NodeShellRequest } from '../../../shared/bridge/debug.ts';
import type { SessionId } from '../../../shared/bridge/sessions.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { CoreError } from '../errors/core-error.ts';
import { isObject } from '../resources/json-fields.ts';
import { toPodSummary } from '../resources/pod-summary.ts';
import { createExecSession } from '../sessions/exec-session.ts';
import type { SessionSink } from '../sessions/session.ts';
import { apiRequest, podPath } from './api-request.ts';
import { containerWouldNotStart, explainRefusal } from './debug-refusals.ts';
import { containerProgress, startingText } from './ephemeral-container.ts';
import type { NodeShellPod, NodeShellRecord } from './node-shell-record.ts';
import { PreparedShellSession } from './prepared-shell-session.ts';
import { delay } from './poll.ts';

export const NODE_SHELL_LABEL = 'porthole.dev/node-shell';
export const NODE_SHELL_INSTANCE_ANNOTATION = 'porthole.dev/instance';
const SHELL_CONTAINER = 'shell';
const ENTER_NODE = 'nsenter -t 1 -m -u -i -n -p --';
/**
 * Enters PID 1's namespaces when it can; where it cannot (a node whose runtime itself runs in a
 * user namespace: rootless, or a node in a container), says so and gives a shell in the pod, which
 * still has the node's processes, network and hostname.
 */
export const NODE_SHELL_COMMAND = [
  'sh',
  '-c',
  `if ${ENTER_NODE} true 2>/dev/null; then exec ${ENTER_NODE} sh; fi; ` +
    `echo "Porthole: cannot enter the namespaces of the node's PID 1 (permission denied); this shell runs in the node-shell pod, with the node's processes and network." >&2; ` +
    'exec sh',
] as const;

/** The pod: privileged, the host's namespaces, on `node` whatever its taints, and quick to delete. */
export function nodeShellPodManifest(node: string, image: string, instance: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: 'porthole-node-shell-',
      labels: { [NODE_SHELL_LABEL]: 'true' },
      annotations: { [NODE_SHELL_INSTANCE_ANNOTATION]: instance },
    },
    spec: {
      nodeName: node,
      hostPID: true,
      hostNetwork: true,
      hostIPC: true,
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 0,
      tolerations: [{ operator: 'Exists' }],
      // A shell on the node needs no API token; a privileged pod should not carry one.
      automountServiceAccountToken: false,
      containers: [
        {
          name: SHELL_CONTAINER,
          image,
          imagePullPolicy: 'IfNotPresent',
          // The shells are execs; the pod's own process only keeps it alive.
          command: ['sleep', '2147483647'],
          securityContext: { privileged: true },
        },
      ],
    },
  };
}

export interface NodeShellOptions {
  readonly id: SessionId;
  readonly emit: SessionSink;
  readonly connection: ClusterConnection;
  readonly request: NodeShellRequest;
  readonly record: NodeShellRecord;
  /** Names this Porthole on the pod, for people reading it. */
  readonly instance: string;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 180_000;
const POLL_MS = 500;

export function createNodeShellSession(options: NodeShellOptions): PreparedShellSession {
  const { connection, request, record } = options;
  let created: NodeShellPod | undefined;
  return new PreparedShellSession({
    id: options.id,
    emit: options.emit,
    connection,
    title: `node ${request.node}: shell`,
    doing: `opening a shell on node ${request.node}`,
    ...(request.size === undefined ? {} : { size: request.size }),
    prepare: async (progress, signal) => {
      progress(`Creating a privileged pod on node ${request.node} (namespace ${request.namespace}, image ${request.image})…`);
      const doing = `creating a node shell pod on node ${request.node}`;
      const answer = await apiRequest(
        connection,
        {
          method: 'POST',
          path: `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods`,
          body: nodeShellPodManifest(request.node, request.image, options.instance),
          resource: doing,
          namespace: request.namespace,
        },
        // Not aborted by a close: a pod created while the answer was on its way must still be recorded and deleted.
        undefined,
      ).catch((error: unknown) => {
        throw new CoreError(explainRefusal(error, { verb: 'create', resource: 'pods', namespace: request.namespace, doing }, connection));
      });
      const pod = toPodSummary(answer);
      created = { context: connection.context, namespace: request.namespace, name: pod.name, uid: pod.uid };
      record.add(created);
      // Closed meanwhile: the clean-up already ran without the pod, so delete it here.
      if (signal.aborted) void deleteNodeShellPod(connection, created, record);
      await waitUntilRunning(connection, created, request.image, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, progress, signal);
      progress(`Pod ${pod.name} runs on node ${request.node}; it is deleted when this tab closes.`);
      const shellPod = created;
      return (emit, size) =>
        createExecSession({
          id: options.id,
          emit,
          connection,
          request: {
            context: connection.context,
            namespace: request.namespace,
            pod: shellPod.name,
            container: SHELL_CONTAINER,
            command: { kind: 'argv', argv: [...NODE_SHELL_COMMAND] },
            tty: true,
            stdin: true,
            ...(size === undefined ? {} : { size }),
          },
        });
    },
    cleanUp: () => {
      if (created !== undefined) void deleteNodeShellPod(connection, created, record);
    },
  });
}

async function waitUntilRunning(
  connection: ClusterConnection,
  pod: NodeShellPod,
  image: string,
  timeoutMs: number,
  progress: (text: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let said = '';
  for (;;) {
    const answer = await apiRequest(
      connection,
      { method: 'GET', path: podPath(pod.namespace, pod.name), resource: `reading pod ${pod.name}`, namespace: pod.namespace },
      signal,
    );
    const summary = toPodSummary(answer);
    const state = containerProgress(summary, 'main', SHELL_CONTAINER);
    if (state.kind === 'running') return;
    if (state.kind === 'failed') throw containerWouldNotStart(`node shell pod ${pod.name}`, image, state.reason, state.message, connection.context);
    if (summary.phase === 'Failed' || Date.now() > deadline) {
      throw new CoreError({
        kind: 'server-error',
        title: 'Node shell pod did not start',
        detail: `Pod ${pod.name} is ${summary.phase} (${state.reason}) ${summary.phase === 'Failed' ? '' : `after ${Math.round(timeoutMs / 1000)} s`}: ${podMessage(answer)}`.trim(),
        context: connection.context,
      });
    }
    const text = startingText(state.reason, image);
    if (text !== said) progress(text);
    said = text;
    await delay(POLL_MS, signal);
  }
}

/** The pod's status message (an eviction, a node that refused it), when it has one. */
function podMessage(pod: unknown): string {
  const status = isObject(pod) && isObject(pod['status']) ? pod['status'] : {};
  return typeof status['message'] === 'string' ? status['message'] : 'no message';
}

/**
 * Deletes the pod at once, only if it is still the one we created (uid precondition); forgets it
 * once it is gone. A failure (the network) keeps it recorded for the next start.
 */
export async function deleteNodeShellPod(connection: ClusterConnection, pod: NodeShellPod, record: NodeShellRecord): Promise<boolean> {
  try {
    await apiRequest(connection, {
      method: 'DELETE',
      path: podPath(pod.namespace, pod.name),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid: pod.uid } },
      resource: `deleting node shell pod ${pod.name}`,
      namespace: pod.namespace,
    });
  } catch (error) {
    // 404: already gone; 409: the name now belongs to another pod. Either way not ours to delete.
    const status = error instanceof CoreError ? error.userError.httpStatus : undefined;
    if (status !== 404 && status !== 409) return false;
  }
  record.remove(pod.uid);
  return true;
}

/** Deletes the node-shell pods an earlier run of this Porthole left (it crashed, or was killed). */
export async function deleteLeftoverNodeShells(record: NodeShellRecord, connectionFor: (context: string) => ClusterConnection): Promise<number> {
  const results = await Promise.all(
    record.pods.map(async (pod) => {
      try {
        return await deleteNodeShellPod(connectionFor(pod.context), pod, record);
      } catch {
        // The context is gone from the kubeconfig: nothing can reach that pod any more.
        record.remove(pod.uid);
        return false;
      }
    }),
  );
  return results.filter(Boolean).length;
}
