// Opening shells and logs in a pod: from a sidebar row (or the palette's pod actions), and "new
// shell" / "new logs", which take the pod selected in the sidebar, else the focused pane's pod.
// The workspace opens them; this says which pod, container and log target.
import type { LogTarget } from './log-query.ts';
import { containersWithLogs, defaultContainer } from './pod-status.ts';
import type { PodRow } from './pod-tree.ts';
import { detailPod, filesDetail, logsDetail, shellDetail, type PodPlace } from './workspace/tab-kinds.ts';
import type { Workspace } from './workspace/workspace.svelte.ts';

export class PodOpener {
  readonly #workspace: Pick<Workspace, 'open' | 'openFiles' | 'focusedPane'>;
  readonly #selection: () => PodRow | null;
  readonly #notice: (message: string) => void;

  /** `selection` reads the sidebar's selected row as it is now. */
  constructor(workspace: Pick<Workspace, 'open' | 'openFiles' | 'focusedPane'>, selection: () => PodRow | null, notice: (message: string) => void) {
    this.#workspace = workspace;
    this.#selection = selection;
    this.#notice = notice;
  }

  shell(row: PodRow): void {
    void this.#workspace.open(shellDetail(place(row)));
  }

  /** A file browser on the row's container (the pod's default one for a pod row). */
  files(row: PodRow): void {
    this.#workspace.openFiles(filesDetail(place(row)));
  }

  /** The row's container's logs; for a pod row, every container that has logs (one is picked when it is the only one). */
  logs(row: PodRow): void {
    const withLogs = containersWithLogs(row.pod).map((c) => c.name);
    const containers = withLogs.length > 0 ? withLogs : row.pod.containers.map((c) => c.name);
    const container = row.kind === 'container' ? row.container.name : containers.length === 1 ? (containers[0] ?? null) : null;
    void this.#workspace.open(logsDetail({ kind: 'pod', context: row.context, namespace: row.pod.namespace, pod: row.pod.name, containers, container }));
  }

  /** The merged logs of every pod the selector matches in the row's namespace. */
  appLogs(row: PodRow, selector: string): void {
    void this.#workspace.open(logsDetail({ kind: 'selector', context: row.context, namespace: row.pod.namespace, selector, container: null }));
  }

  newShell(): void {
    const where = this.#currentPlace();
    if (where === null) this.#notice('Select a pod in the sidebar first: Enter opens a shell in it.');
    else void this.#workspace.open(shellDetail(where));
  }

  newLogs(): void {
    const selection = this.#selection();
    if (selection !== null) {
      this.logs(selection);
      return;
    }
    const where = this.#currentPlace();
    if (where === null || where.container === undefined) {
      this.#notice('Select a pod in the sidebar first: L opens its logs.');
      return;
    }
    const target: LogTarget = { kind: 'pod', ...where, container: where.container, containers: [where.container] };
    void this.#workspace.open(logsDetail(target));
  }

  /** "New shell" / "new logs": the pod selected in the sidebar, else the focused pane's pod. */
  #currentPlace(): PodPlace | null {
    const selection = this.#selection();
    if (selection !== null) return place(selection);
    const detail = this.#workspace.focusedPane?.detail;
    return detail ? detailPod(detail) : null;
  }
}

/** Where a row's shell runs: its container, or the pod's default one (also where files dropped on it go). */
export function place(row: PodRow): PodPlace {
  const container = row.kind === 'container' ? row.container.name : defaultContainer(row.pod)?.name;
  return { context: row.context, namespace: row.pod.namespace, pod: row.pod.name, ...(container ? { container } : {}) };
}
