// What a workload row of the sidebar offers, as a table like POD_ACTIONS: the logs of all its pods
// (one merged tab that follows rollouts and restarts), a shell in every ready pod (the grid), and a
// port-forward to one of its ready pods. Each runs through the pod actions' host with the
// workload's selector and a pod of it standing for the set, so nothing new is asked of the app.
import type { LucideIcon } from '@lucide/svelte';
import ArrowLeftRightIcon from '@lucide/svelte/icons/arrow-left-right';
import Grid2x2Icon from '@lucide/svelte/icons/grid-2x2';
import { TAB_KIND_ICONS } from '../lib/tab-kind-icons.ts';
import { tooltipWithKey } from '../lib/tooltip.ts';
import { keyLabel, type PodActionHost } from './pod-actions.ts';
import { podKey, type PodRow, type TreeRow } from './pod-tree.ts';
import { isReadyPod } from './workload-pods.ts';

export type WorkloadRow = Extract<TreeRow, { kind: 'workload' }>;

export interface WorkloadAction {
  readonly id: string;
  readonly label: string;
  readonly icon: LucideIcon;
  /** The button's accessible name. */
  readonly name: (row: WorkloadRow) => string;
  readonly title: string;
  /** The KeyboardEvent.key that runs it while a workload row is selected. */
  readonly key: string;
  readonly when: (row: WorkloadRow) => boolean;
  readonly run: (row: WorkloadRow, host: PodActionHost) => void;
}

const named = (row: WorkloadRow): string => `${row.workload.kind} ${row.workload.name}`;
const hasSelector = (row: WorkloadRow): boolean => row.workload.selector !== null;

/** A pod of the workload that stands for it: the first ready one, else the first. */
export function standInPod(row: WorkloadRow): PodRow | null {
  const pod = row.workload.pods.find(isReadyPod) ?? row.workload.pods[0];
  if (pod === undefined) return null;
  return { kind: 'pod', key: podKey(row.context, row.namespace, pod.name), depth: row.depth + 1, path: `${row.context}/${row.namespace}/${pod.name}`, context: row.context, pod, expanded: false };
}

function withSelector(row: WorkloadRow, run: (pod: PodRow, selector: string) => void): void {
  const pod = standInPod(row);
  if (pod !== null && row.workload.selector !== null) run(pod, row.workload.selector);
}

export const WORKLOAD_ACTIONS: readonly WorkloadAction[] = [
  {
    id: 'workload-logs',
    label: 'Logs',
    icon: TAB_KIND_ICONS.logs,
    name: (row) => `Logs of every pod of ${named(row)}`,
    title: 'Logs of every pod, merged, following rollouts and restarts',
    key: 'l',
    when: hasSelector,
    run: (row, host) => withSelector(row, (pod, selector) => host.onAppLogs(pod, selector)),
  },
  {
    id: 'workload-shells',
    label: 'Shells',
    icon: Grid2x2Icon,
    name: (row) => `Shell into every pod of ${named(row)}`,
    title: 'A shell in every ready pod, in a grid',
    key: 'g',
    when: hasSelector,
    run: (row, host) => withSelector(row, (pod, selector) => host.onShellEveryPod?.(pod, selector)),
  },
  {
    id: 'workload-forward',
    label: 'Forward',
    icon: ArrowLeftRightIcon,
    name: (row) => `Forward a port to a pod of ${named(row)}`,
    title: 'Port-forward to a ready pod',
    key: 'p',
    when: (row) => row.workload.pods.some(isReadyPod),
    run: (row, host) => {
      const pod = standInPod(row);
      if (pod !== null) host.onPortForward(pod);
    },
  },
];

export function workloadActionTitle(action: WorkloadAction): string {
  return tooltipWithKey(action.title, keyLabel(action.key));
}

/** The action a key runs on the row, if it applies. */
export function workloadActionForKey(row: WorkloadRow, key: string): WorkloadAction | undefined {
  return WORKLOAD_ACTIONS.find((action) => action.key.toLowerCase() === key.toLowerCase() && action.when(row));
}
