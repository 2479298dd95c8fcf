// The pods of a namespace grouped under their workloads, as the sidebar shows them: Deployment,
// StatefulSet, DaemonSet, Job, CronJob, and the lone pods. Pure, from the pod summaries alone (the
// sidebar's pod watch): no second watch per namespace.
//
// A pod names only its direct controller (ownerReferences). Two owners are one step further up,
// and are found by the names their controllers give what they create, instead of listing
// ReplicaSets and Jobs:
//   - a Deployment's ReplicaSet is named `<deployment>-<pod-template-hash>`, and its pods carry that
//     hash as the `pod-template-hash` label: a ReplicaSet whose name is that suffix on the label's
//     value belongs to the Deployment (a bare ReplicaSet shows as itself);
//   - a CronJob's Job is named `<cronjob>-<scheduled time in minutes>`, all digits: a Job named so
//     is shown under the CronJob.
// A ReplicaSet or Job named otherwise by hand would be misplaced; watching ReplicaSets and Jobs
// would settle it at the price of two more watches per namespace.
//
// Ready is the pods whose Ready condition is True; desired is the pods that are not being deleted
// (the workload's own spec.replicas is not read, for the same reason).
import type { PodSummary } from '../../../shared/bridge/resources.ts';

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;

export interface WorkloadName {
  /** Deployment, StatefulSet, …, or another controller's kind as the pod names it. */
  readonly kind: string;
  readonly name: string;
}

export interface WorkloadGroup extends WorkloadName {
  /** Its pods, by name. */
  readonly pods: readonly PodSummary[];
  readonly ready: number;
  readonly desired: number;
  /**
   * The labels every pod of it shares, leaving out those that differ per revision, pod or run
   * (hashes, pod names, job names): what follows the workload through a rollout. Null when its pods
   * share none, as a selector with nothing in it would match every pod of the namespace.
   */
  readonly selector: string | null;
}

export interface PodGrouping {
  /** By kind (in WORKLOAD_KINDS order, other kinds after), then name. */
  readonly groups: readonly WorkloadGroup[];
  /** Pods without a controller, by name. */
  readonly lone: readonly PodSummary[];
}

/** Labels a controller stamps per revision, pod or run: a selector with them would not follow a rollout. */
const INSTANCE_LABELS: ReadonlySet<string> = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'job-name',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/job-completion-index',
]);

const CRONJOB_RUN = /^(.+)-\d{8,}$/;

/** The workload a pod belongs to, one step up from its controller where names tell it (above); null for a lone pod. */
export function workloadOf(pod: PodSummary): WorkloadName | null {
  const owner = pod.owner;
  if (owner === undefined) return null;
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.labels['pod-template-hash'];
    const suffix = hash === undefined ? null : `-${hash}`;
    if (suffix !== null && owner.name.endsWith(suffix) && owner.name.length > suffix.length) {
      return { kind: 'Deployment', name: owner.name.slice(0, -suffix.length) };
    }
  }
  if (owner.kind === 'Job') {
    const run = CRONJOB_RUN.exec(owner.name);
    if (run?.[1] !== undefined) return { kind: 'CronJob', name: run[1] };
  }
  return { kind: owner.kind, name: owner.name };
}

const cache = new WeakMap<readonly PodSummary[], PodGrouping>();

/**
 * Groups pods (sorted by name) under their workloads. Kept per array: the sidebar's PodSet hands
 * back the same sorted array until its pods change, so a redraw that changed nothing groups nothing.
 */
export function groupPods(sorted: readonly PodSummary[]): PodGrouping {
  const known = cache.get(sorted);
  if (known !== undefined) return known;
  const byWorkload = new Map<string, { name: WorkloadName; pods: PodSummary[] }>();
  const lone: PodSummary[] = [];
  for (const pod of sorted) {
    const workload = workloadOf(pod);
    if (workload === null) {
      lone.push(pod);
      continue;
    }
    const key = `${workload.kind}/${workload.name}`;
    let entry = byWorkload.get(key);
    if (entry === undefined) {
      entry = { name: workload, pods: [] };
      byWorkload.set(key, entry);
    }
    entry.pods.push(pod);
  }
  const groups = [...byWorkload.values()].map(({ name, pods }) => summarise(name, pods)).sort(byKindThenName);
  const grouping = { groups, lone };
  cache.set(sorted, grouping);
  return grouping;
}

function summarise(name: WorkloadName, pods: readonly PodSummary[]): WorkloadGroup {
  let ready = 0;
  let desired = 0;
  for (const pod of pods) {
    if (pod.deleting) continue;
    desired++;
    if (pod.ready === true) ready++;
  }
  return { ...name, pods, ready, desired, selector: sharedSelector(pods) };
}

/** `key=value,…` of the labels all pods share, instance labels left out; null when none is shared. */
export function sharedSelector(pods: readonly PodSummary[]): string | null {
  const [first, ...rest] = pods;
  if (first === undefined) return null;
  const pairs = Object.entries(first.labels).filter(
    ([key, value]) => !INSTANCE_LABELS.has(key) && rest.every((pod) => pod.labels[key] === value),
  );
  if (pairs.length === 0) return null;
  return pairs
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

function kindRank(kind: string): number {
  const rank = (WORKLOAD_KINDS as readonly string[]).indexOf(kind);
  return rank < 0 ? WORKLOAD_KINDS.length : rank;
}

function byKindThenName(a: WorkloadGroup, b: WorkloadGroup): number {
  return kindRank(a.kind) - kindRank(b.kind) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}
