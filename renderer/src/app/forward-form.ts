// What the port-forward form offers for the pod selected in the sidebar: its containers' declared
// TCP ports (so the user picks one instead of typing it), and what else the forward could follow
// than this one pod: its workload (from the pod's controller), a Service, or a label selector. Pure.
import type { PodSummary } from '../../../shared/bridge/resources.ts';
import type { ForwardTarget, ForwardWorkloadKind } from '../../../shared/bridge/sessions.ts';

export interface OfferedPort {
  readonly port: number;
  readonly name?: string;
  readonly container: string;
}

/** The main containers' TCP ports, in spec order, each number once. */
export function offeredPorts(pod: PodSummary): OfferedPort[] {
  const offered: OfferedPort[] = [];
  for (const container of pod.containers) {
    if (container.kind !== 'main') continue;
    for (const port of container.ports ?? []) {
      if (port.protocol !== 'TCP' || offered.some((each) => each.port === port.containerPort)) continue;
      offered.push({ port: port.containerPort, container: container.name, ...(port.name === undefined ? {} : { name: port.name }) });
    }
  }
  return offered;
}

/**
 * The workload whose pods the forward may follow: a StatefulSet or DaemonSet owns its pods
 * directly; a Deployment through a ReplicaSet named after it plus the pod-template-hash label.
 */
export function workloadTarget(pod: PodSummary): Extract<ForwardTarget, { name: string }> | null {
  const owner = pod.owner;
  if (owner === undefined) return null;
  const direct: Readonly<Record<string, ForwardWorkloadKind>> = { StatefulSet: 'statefulset', DaemonSet: 'daemonset' };
  const kind = direct[owner.kind];
  if (kind !== undefined) return { kind, name: owner.name };
  const hash = pod.labels['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash !== undefined && owner.name.endsWith(`-${hash}`)) {
    return { kind: 'deployment', name: owner.name.slice(0, -hash.length - 1) };
  }
  return null;
}

const KIND_WORDS: Readonly<Record<ForwardTarget['kind'], string>> = {
  pod: 'pod',
  service: 'Service',
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  selector: 'pods with',
};

/** "Deployment web", "pod web-1", "pods with app=web": how the form and the list name a target. */
export function targetLabel(target: ForwardTarget): string {
  return `${KIND_WORDS[target.kind]} ${target.kind === 'selector' ? target.selector : target.name}`;
}

/** Bytes as people read them: "812 B", "14.2 KiB", "3.1 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
