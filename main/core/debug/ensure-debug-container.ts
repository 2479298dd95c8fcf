// "Give me a running debug container targeting container X of pod P": reuse one of ours with the
// same image and target, or add one through the pods/ephemeralcontainers subresource, then wait
// (polling the pod) until the kubelet runs it. The debug shell and the file browser (for a
// container with no shell or tar: through /proc/<pid>/root) both start here.
import { CoreError } from '../errors/core-error.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { apiRequest, podPath } from './api-request.ts';
import { containerWouldNotStart, explainRefusal } from './debug-refusals.ts';
import { delay } from './poll.ts';
import {
  debugContainerName,
  debugContainerProgress,
  ephemeralContainerPatch,
  reusableDebugContainer,
  startingText,
  toDebuggablePod,
  type DebuggablePod,
} from './ephemeral-container.ts';

export interface DebugTarget {
  readonly namespace: string;
  readonly pod: string;
  /** The container to debug; the pod's default container when absent. */
  readonly container?: string;
}

export interface DebugContainer {
  /** The ephemeral container's name, to attach or exec into. */
  readonly container: string;
  /** The container it targets (whose processes it sees). */
  readonly target: string;
  /** An existing debug container was reused. */
  readonly reused: boolean;
}

export interface EnsureDebugOptions {
  /** Progress in words, for the user: "Adding debug container porthole-debug-x7k2p…", "Pulling image…". */
  readonly onProgress?: (text: string) => void;
  readonly signal?: AbortSignal;
  /** How long to wait for the container to run. */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

const DEFAULT_TIMEOUT_MS = 180_000;
const DEFAULT_POLL_MS = 500;

export async function ensureDebugContainer(
  connection: ClusterConnection,
  target: DebugTarget,
  image: string,
  options: EnsureDebugOptions = {},
): Promise<DebugContainer> {
  const progress = options.onProgress ?? (() => undefined);
  const pod = await readPod(connection, target, options.signal);
  if (pod.summary.phase !== 'Running') {
    throw new CoreError({
      kind: 'bad-request',
      title: 'Pod is not running',
      detail: `Pod ${target.pod} is ${pod.summary.phase}: a debug container runs only beside the containers of a running pod.`,
      context: connection.context,
    });
  }
  const targetContainer = target.container ?? pod.defaultContainer;
  if (targetContainer === undefined || !pod.summary.containers.some((c) => c.kind !== 'ephemeral' && c.name === targetContainer)) {
    throw new CoreError({
      kind: 'not-found',
      title: 'Container not found',
      detail: `Pod ${target.pod} has no container ${targetContainer ?? '(none at all)'} to debug.`,
      context: connection.context,
    });
  }
  const reused = reusableDebugContainer(pod, targetContainer, image);
  const name = reused ?? debugContainerName();
  if (reused === undefined) {
    progress(`Adding debug container ${name} (${image}) targeting ${targetContainer}…`);
    await apiRequest(
      connection,
      {
        method: 'PATCH',
        path: podPath(target.namespace, target.pod, 'ephemeralcontainers'),
        contentType: 'application/strategic-merge-patch+json',
        body: ephemeralContainerPatch({ name, image, target: targetContainer }),
        resource: `adding a debug container to pod ${target.pod}`,
        namespace: target.namespace,
      },
      options.signal,
    ).catch((error: unknown) => {
      throw new CoreError(
        explainRefusal(error, { verb: 'patch', resource: 'pods/ephemeralcontainers', namespace: target.namespace, doing: `adding a debug container to pod ${target.pod}` }, connection),
      );
    });
  } else {
    progress(`Reusing debug container ${name} (${image}) targeting ${targetContainer}…`);
  }
  await waitUntilRunning(connection, target, name, image, options, progress);
  return { container: name, target: targetContainer, reused: reused !== undefined };
}

async function readPod(connection: ClusterConnection, target: DebugTarget, signal: AbortSignal | undefined): Promise<DebuggablePod> {
  const pod = await apiRequest(
    connection,
    { method: 'GET', path: podPath(target.namespace, target.pod), resource: `reading pod ${target.pod}`, namespace: target.namespace },
    signal,
  );
  return toDebuggablePod(pod);
}

async function waitUntilRunning(
  connection: ClusterConnection,
  target: DebugTarget,
  name: string,
  image: string,
  options: EnsureDebugOptions,
  progress: (text: string) => void,
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let said = '';
  for (;;) {
    const state = debugContainerProgress(await readPod(connection, target, options.signal), name);
    if (state.kind === 'running') return;
    if (state.kind === 'failed') throw containerWouldNotStart(`debug container ${name}`, image, state.reason, state.message, connection.context);
    const text = startingText(state.reason, image);
    if (text !== said) progress(text);
    said = text;
    if (Date.now() > deadline) {
      throw new CoreError({
        kind: 'server-error',
        title: 'Debug container did not start',
        detail: `Debug container ${name} in pod ${target.pod} was still waiting (${state.reason}) after ${Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s.`,
        context: connection.context,
      });
    }
    await delay(options.pollMs ?? DEFAULT_POLL_MS, options.signal);
  }
}
