// "Shell into every pod of …": which pods of a workload (the pods a label selector matches in a
// namespace) are ready for a shell, and, while its grid of shells is open, which pods joined or
// left since: shown on the grid's tab, never added or removed silently. Pure: the pods come from
// the sidebar's pod watch (ClusterTree.podsIn), so no second watch runs for a grid.
import type { PodSummary } from '../../../shared/bridge/resources.ts';

/** A workload as the grid remembers it: where its pods are and the selector that finds them. */
export interface WorkloadRef {
  readonly context: string;
  readonly namespace: string;
  /** `key=value[,key=value…]`: every pair must match a pod's labels. */
  readonly selector: string;
}

/** A pod that joined or left the workload since its grid opened. */
export type WorkloadChange =
  | { readonly kind: 'joined'; readonly pod: PodSummary }
  | { readonly kind: 'left'; readonly pod: string; readonly why: 'gone' | 'not ready' };

/**
 * Ready for a shell, as the pod summary tells it: running, not being deleted, and every main
 * container running (a pod still starting, terminating in a rollout or crash-looping is not).
 */
export function isReadyPod(pod: PodSummary): boolean {
  const main = pod.containers.filter((container) => container.kind === 'main');
  return !pod.deleting && pod.phase === 'Running' && main.length > 0 && main.every((container) => container.state.kind === 'running');
}

/** The `key=value` pairs of an equality selector; null when it is not one. */
export function selectorPairs(selector: string): Array<readonly [string, string]> | null {
  const pairs = selector.split(',').map((part) => {
    const at = part.indexOf('=');
    return at <= 0 ? null : ([part.slice(0, at).trim(), part.slice(at + 1).trim()] as const);
  });
  return pairs.every((pair) => pair !== null && pair[0] !== '') ? (pairs as Array<readonly [string, string]>) : null;
}

export function matchesSelector(pod: PodSummary, selector: string): boolean {
  const pairs = selectorPairs(selector);
  return pairs !== null && pairs.every(([key, value]) => pod.labels[key] === value);
}

/** The workload's ready pods, by name. */
export function readyPodsOf(pods: readonly PodSummary[], selector: string): PodSummary[] {
  return pods.filter((pod) => matchesSelector(pod, selector) && isReadyPod(pod)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * What changed since the grid opened: ready pods of the workload that have no pane (`shown` are
 * the grid's pods; `ignored` the joined ones the user dismissed), and panes whose pod is gone or no
 * longer ready. `pods` null means the pods are not watched now (the sidebar closed the namespace):
 * nothing can be said, so nothing is.
 */
export function workloadChanges(
  pods: readonly PodSummary[] | null,
  selector: string,
  shown: readonly string[],
  ignored: ReadonlySet<string> = new Set(),
): WorkloadChange[] {
  if (pods === null) return [];
  const ready = readyPodsOf(pods, selector);
  const joined: WorkloadChange[] = ready.filter((pod) => !shown.includes(pod.name) && !ignored.has(pod.name)).map((pod) => ({ kind: 'joined', pod }));
  const left: WorkloadChange[] = shown.flatMap((name) => {
    if (ready.some((pod) => pod.name === name)) return [];
    const why = pods.some((pod) => pod.name === name && !pod.deleting) ? ('not ready' as const) : ('gone' as const);
    return [{ kind: 'left', pod: name, why }];
  });
  return [...joined, ...left];
}
