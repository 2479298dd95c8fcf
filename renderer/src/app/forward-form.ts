// What the port-forward form offers: the TCP ports the selected pod's containers declare, or those
// of the Service picked (so the user picks one instead of typing it), and what else the forward
// could follow than this one pod: its workload (from the pod's controller), a Service, or a label
// selector. Pure.
import type { PodSummary, ServiceSummary } from '../../../shared/bridge/resources.ts';
import type { ForwardTarget, ForwardWorkloadKind } from '../../../shared/bridge/sessions.ts';

export interface OfferedPort {
  readonly port: number;
  readonly name?: string;
  /** Where the port leads, for the button's tooltip. */
  readonly tooltip: string;
}

/** The main containers' TCP ports, in spec order, each number once. */
export function offeredPorts(pod: PodSummary): OfferedPort[] {
  const offered: OfferedPort[] = [];
  for (const container of pod.containers) {
    if (container.kind !== 'main') continue;
    for (const port of container.ports ?? []) {
      if (port.protocol !== 'TCP' || offered.some((each) => each.port === port.containerPort)) continue;
      offered.push({ port: port.containerPort, tooltip: `Port ${port.containerPort}${nameSuffix(port.name)} of container ${container.name}`, ...nameOf(port.name) });
    }
  }
  return offered;
}

/** The Service's TCP ports in spec order (a forward carries TCP only), each saying which pod port it leads to. */
export function offeredServicePorts(service: ServiceSummary): OfferedPort[] {
  return service.ports
    .filter((port) => port.protocol === 'TCP')
    .map((port) => {
      const target = port.targetPort ?? port.port;
      const leadsTo = typeof target === 'number' ? `port ${target} of its pods` : `the port its pods name ${target}`;
      return { port: port.port, tooltip: `Service port ${port.port}${nameSuffix(port.name)}: to ${leadsTo}`, ...nameOf(port.name) };
    });
}

function nameSuffix(name: string | undefined): string {
  return name === undefined ? '' : ` (${name})`;
}

function nameOf(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
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
