// Which pod a port-forward sends its next connections to, from the pods its target covers. Pure.
//
// A pod target names one pod: it serves while it runs (kubectl forwards to a pod that is not
// Ready, and so do we: the user asked for that pod). Any other target (a Service, a workload, a
// selector) wants what a Service would route to: a Ready pod that is not being deleted. The pod in
// use is kept while it qualifies, so a forward moves only when it must; otherwise the oldest that
// qualifies is chosen (the least likely to go next in a rollout), then by name so the choice is stable.
import type { PodSummary } from '../../../shared/bridge/resources.ts';

export interface PodChoiceRule {
  /** A pod target's pod name; absent for a Service, a workload or a selector. */
  readonly podName?: string;
}

export function servesTraffic(pod: PodSummary, rule: PodChoiceRule): boolean {
  if (pod.deleting || pod.phase !== 'Running') return false;
  if (rule.podName !== undefined) return pod.name === rule.podName;
  return pod.ready === true;
}

export function choosePod(pods: Iterable<PodSummary>, current: string | undefined, rule: PodChoiceRule): PodSummary | undefined {
  const candidates = [...pods].filter((pod) => servesTraffic(pod, rule));
  const kept = candidates.find((pod) => pod.name === current);
  if (kept !== undefined) return kept;
  return candidates.sort(olderFirst)[0];
}

function olderFirst(a: PodSummary, b: PodSummary): number {
  const byAge = (a.createdAt ?? '').localeCompare(b.createdAt ?? '');
  return byAge !== 0 ? byAge : a.name.localeCompare(b.name);
}
