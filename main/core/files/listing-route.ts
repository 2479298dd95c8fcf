// How the file browser reaches a container's files: by exec in the container itself, or, for a
// container with no shell or tools, by exec in a debug container that targets it. An ephemeral
// container with targetContainerName shares the target's PID namespace, where the target's first
// process is PID 1, and the kernel shows that process's root filesystem at /proc/1/root: every
// path of the target is reached below it.
import type { FilePathRequest, ListingRoute } from '../../../shared/bridge/file-listing.ts';
import type { PodRef } from '../../../shared/bridge/sessions.ts';
import type { ClusterConnection } from '../connection/cluster-connection.ts';
import { ensureDebugContainer, type DebugContainer } from '../debug/ensure-debug-container.ts';
import type { OpenSocket } from '../sessions/remote-command-session.ts';

/** The target's root as a debug container sees it. */
export const TARGET_ROOT = '/proc/1/root';

export interface FilesAccess {
  readonly connection: ClusterConnection;
  /** The container the commands run in: the target, or the debug container. */
  readonly runIn: PodRef;
  /** The target container, as the user named it (for messages). */
  readonly target: PodRef;
  readonly route: ListingRoute;
  /** openWebSocket unless a test substitutes it. */
  readonly openSocket?: OpenSocket;
}

export function directAccess(connection: ClusterConnection, target: PodRef, openSocket?: OpenSocket): FilesAccess {
  return { connection, runIn: target, target, route: { kind: 'exec' }, ...(openSocket === undefined ? {} : { openSocket }) };
}

export function debugAccess(connection: ClusterConnection, target: PodRef, debug: DebugContainer, openSocket?: OpenSocket): FilesAccess {
  return {
    connection,
    runIn: { ...target, container: debug.container },
    target: { ...target, container: debug.target },
    route: { kind: 'debug-container', debugContainer: debug.container, rootPath: TARGET_ROOT },
    ...(openSocket === undefined ? {} : { openSocket }),
  };
}

/** The access a request asks for: exec in its container, or through a debug container of its debugImage. */
export async function reachFiles(connection: ClusterConnection, request: FilePathRequest): Promise<FilesAccess> {
  const target: PodRef = { context: request.context, namespace: request.namespace, pod: request.pod, ...(request.container === undefined ? {} : { container: request.container }) };
  if (request.debugImage === undefined) return directAccess(connection, target);
  const debug = await ensureDebugContainer(connection, target, request.debugImage);
  return debugAccess(connection, target, debug);
}

/** Where `path` (absolute in the target) is for the container the commands run in. */
export function reachablePath(access: FilesAccess, path: string): string {
  if (access.route.kind === 'exec') return path;
  return path === '/' ? `${access.route.rootPath}/` : `${access.route.rootPath}${path}`;
}

/** "container app of pod web-1" or "pod web-1": how messages name the target. */
export function targetLabel(access: FilesAccess): string {
  const { pod, container } = access.target;
  return container === undefined ? `pod ${pod}` : `container ${container} of pod ${pod}`;
}
