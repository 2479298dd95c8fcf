// "Shell into every pod of a workload": opens a grid of shells, one per ready pod, in a tab of its
// own, and remembers per grid tab the workload it shows and the joined pods the user dismissed, so
// the active grid's strip (WorkloadStrip.svelte) can say which pods joined or left since
// (workload-pods.ts). The pods come from the sidebar's pod watch (`podsIn`, null while not loaded).
import type { PodSummary } from '../../../shared/bridge/resources.ts';
import { defaultContainer } from './pod-status.ts';
import type { PodRow } from './pod-tree.ts';
import { readyPodsOf, workloadChanges, type WorkloadChange, type WorkloadRef } from './workload-pods.ts';
import { detailPod, shellDetail, type PodPlace } from './workspace/tab-kinds.ts';
import type { Workspace } from './workspace/workspace.svelte.ts';

export type PodsIn = (context: string, namespace: string) => readonly PodSummary[] | null | undefined;

/** A grid tab: the workload it shows, and the joined pods the user dismissed. */
export interface WorkloadGrid {
  readonly workload: WorkloadRef;
  readonly dismissed: readonly string[];
}

export class WorkloadGrids {
  /** The grids opened here, by tab. */
  #grids = $state.raw<Readonly<Record<string, WorkloadGrid>>>({});
  /** What is being opened, while it is ("Opening 3 shells in app=web…"); null otherwise. */
  opening = $state<string | null>(null);
  readonly #workspace: Workspace;
  readonly #podsIn: PodsIn;
  readonly #notice: (message: string) => void;

  /** The active tab's grid, when it is one. */
  readonly active: WorkloadGrid | undefined;
  /** The pods that joined or left the active grid's workload since it opened, less the dismissed ones. */
  readonly activeChanges: readonly WorkloadChange[];

  constructor(workspace: Workspace, podsIn: PodsIn, notice: (message: string) => void) {
    this.#workspace = workspace;
    this.#podsIn = podsIn;
    this.#notice = notice;
    this.active = $derived(workspace.activeId === null ? undefined : this.#grids[workspace.activeId]);
    this.activeChanges = $derived.by(() => {
      const grid = this.active;
      const tabId = workspace.activeId;
      if (grid === undefined || tabId === null) return [];
      const { workload } = grid;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- not state: built for this one call
      return workloadChanges(podsIn(workload.context, workload.namespace) ?? null, workload.selector, this.#pods(tabId), new Set(grid.dismissed));
    });
  }

  async shellEveryPod(row: PodRow, selector: string): Promise<void> {
    const workload: WorkloadRef = { context: row.context, namespace: row.pod.namespace, selector };
    const ready = readyPodsOf(this.#podsIn(workload.context, workload.namespace) ?? [row.pod], selector);
    if (ready.length === 0) {
      this.#notice(`No pod with ${selector} is ready for a shell.`);
      return;
    }
    this.opening = `Opening ${ready.length} ${ready.length === 1 ? 'shell' : 'shells'} in ${selector}…`;
    try {
      await this.#workspace.openGrid(
        `${selector}: every pod`,
        ready.map((pod) => shellDetail(gridPlace(workload, pod))),
      );
    } finally {
      this.opening = null;
    }
    // openGrid activates the grid's tab as it opens it.
    const tabId = this.#workspace.activeId;
    if (tabId !== null) this.#grids = { ...this.#grids, [tabId]: { workload, dismissed: [] } };
  }

  /** Adds a shell in a pod that joined, after the grid's last pane. */
  async add(tabId: string, podName: string): Promise<void> {
    const grid = this.#grids[tabId];
    const pod = this.#podsIn(grid?.workload.context ?? '', grid?.workload.namespace ?? '')?.find((candidate) => candidate.name === podName);
    const last = this.#workspace.panes.findLast((pane) => pane.tabId === tabId);
    if (grid === undefined || pod === undefined || last === undefined) return;
    this.#workspace.focus(last.id);
    await this.#workspace.split('right', shellDetail(gridPlace(grid.workload, pod)));
  }

  dismiss(tabId: string, podName: string): void {
    const grid = this.#grids[tabId];
    if (grid !== undefined) this.#grids = { ...this.#grids, [tabId]: { ...grid, dismissed: [...grid.dismissed, podName] } };
  }

  /** The pods a grid's panes are shells in. */
  #pods(tabId: string): string[] {
    return this.#workspace.panes.flatMap((pane) => (pane.tabId === tabId && pane.detail !== null ? [detailPod(pane.detail)?.pod ?? ''] : []));
  }
}

/** Where a grid's shell in `pod` runs: the workload's context and namespace, the pod's default container. */
function gridPlace(workload: WorkloadRef, pod: PodSummary): PodPlace {
  const container = defaultContainer(pod)?.name;
  return { context: workload.context, namespace: workload.namespace, pod: pod.name, ...(container === undefined ? {} : { container }) };
}
