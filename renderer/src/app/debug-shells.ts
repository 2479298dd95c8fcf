// Shells where a container has none, and on a node: the pod actions Debug (d) and Node shell (n),
// and the "Debug with an ephemeral container" offer of a shell tab that found no shell. A debug
// shell opens at once (main reuses a running debug container of the same image); a node shell
// asks first, naming the node, because it creates a privileged pod there.
import type { PodActionHost } from './pod-actions.ts';
import type { PodRow } from './pod-tree.ts';
import type { Confirmation } from './production.ts';
import type { DebugDetail, NodeShellDetail, PodPlace, TabDetail } from './workspace/tab-kinds.ts';

export interface DebugShellHost {
  /** Opens a tab for the detail (Workspace.open). */
  open(detail: TabDetail): Promise<void>;
  /** Shows the confirmation dialog; true when the user went ahead. */
  ask(confirmation: Confirmation): Promise<boolean>;
  /** The debug image from the settings, as it is now. */
  debugImage(): string;
  notice(message: string): void;
}

/** Only the place's fields: a shell tab's request (command, tty…) passes as a place too. */
export function debugDetail(place: PodPlace, image: string): DebugDetail {
  const { context, namespace, pod, container } = place;
  return { kind: 'debug', request: { context, namespace, pod, ...(container === undefined ? {} : { container }), image } };
}

export function nodeShellDetail(row: Pick<PodRow, 'context' | 'pod'>, node: string, image: string): NodeShellDetail {
  return { kind: 'node-shell', request: { context: row.context, namespace: row.pod.namespace, node, image } };
}

export function nodeShellConfirmation(node: string, namespace: string, image: string): Confirmation {
  return {
    title: `Open a shell on node ${node}?`,
    message:
      `This creates a privileged pod on node ${node} (namespace ${namespace}, image ${image}) with the node's processes, ` +
      'network and files, and enters its namespaces as root. The pod is deleted when the tab closes.',
    contexts: [],
    confirmLabel: `Open a shell on ${node}`,
  };
}

export class DebugShells {
  readonly #host: DebugShellHost;

  constructor(host: DebugShellHost) {
    this.#host = host;
  }

  /** The sidebar's (and palette's) pod actions these serve. */
  hostFor(): Required<Pick<PodActionHost, 'onDebug' | 'onNodeShell'>> {
    return {
      onDebug: (row) => void this.debug(placeOf(row)),
      onNodeShell: (row) => void this.nodeShell(row),
    };
  }

  /** A shell in a debug container beside the place's container (the pod's default one when none is named). */
  debug(place: PodPlace): Promise<void> {
    return this.#host.open(debugDetail(place, this.#host.debugImage()));
  }

  async nodeShell(row: Pick<PodRow, 'context' | 'pod'>): Promise<void> {
    const node = row.pod.nodeName;
    if (node === undefined) {
      this.#host.notice(`Pod ${row.pod.name} is not scheduled on a node yet: there is no node to open a shell on.`);
      return;
    }
    const image = this.#host.debugImage();
    if (!(await this.#host.ask(nodeShellConfirmation(node, row.pod.namespace, image)))) return;
    await this.#host.open(nodeShellDetail(row, node, image));
  }
}

function placeOf(row: PodRow): PodPlace {
  const container = row.kind === 'container' ? row.container.name : undefined;
  return { context: row.context, namespace: row.pod.namespace, pod: row.pod.name, ...(container === undefined ? {} : { container }) };
}
