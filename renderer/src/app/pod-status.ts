// What colour a pod or container gets in the sidebar, and the short word next to it: the same
// StatusTone the tab badges use, so "green" means one thing everywhere.
import type { ContainerSummary, PodSummary } from '../../../shared/bridge/resources.ts';
import type { StatusTone } from '../lib/tabs.ts';

export interface StatusLabel {
  readonly text: string;
  readonly tone: StatusTone;
}

/** Waiting reasons that mean something is wrong, not merely "not yet". */
const BAD_WAITING = new Set([
  'CrashLoopBackOff',
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'Error',
]);

export function containerStatus(container: ContainerSummary): StatusLabel {
  const state = container.state;
  switch (state.kind) {
    case 'running':
      return { text: 'running', tone: 'ok' };
    case 'waiting':
      return { text: state.reason || 'waiting', tone: BAD_WAITING.has(state.reason) ? 'error' : 'pending' };
    case 'terminated':
      if (state.exitCode === 0) return { text: state.reason || 'completed', tone: 'done' };
      return { text: `${state.reason || 'exited'} (${state.exitCode})`, tone: 'error' };
    case 'unknown':
      return { text: 'unknown', tone: 'pending' };
  }
}

/** Like `kubectl get pods`: a failing container's reason wins over the phase. */
export function podStatus(pod: PodSummary): StatusLabel {
  if (pod.deleting) return { text: 'Terminating', tone: 'done' };
  const main = pod.containers.filter((container) => container.kind === 'main');
  for (const container of pod.containers) {
    const status = containerStatus(container);
    // A failed init container holds the pod back; a completed one is normal.
    if (status.tone === 'error' && (container.kind !== 'init' || pod.phase === 'Pending')) return { text: status.text, tone: 'error' };
  }
  switch (pod.phase) {
    case 'Running': {
      const ready = main.filter((container) => container.state.kind === 'running').length;
      return ready === main.length ? { text: 'Running', tone: 'ok' } : { text: `Running ${ready}/${main.length}`, tone: 'warning' };
    }
    case 'Pending': {
      const waiting = main.find((container) => container.state.kind === 'waiting');
      return { text: waiting && waiting.state.kind === 'waiting' && waiting.state.reason ? waiting.state.reason : 'Pending', tone: 'pending' };
    }
    case 'Succeeded':
      return { text: 'Completed', tone: 'done' };
    case 'Failed':
      return { text: 'Failed', tone: 'error' };
    default:
      return { text: pod.phase || 'Unknown', tone: 'warning' };
  }
}

export function restartCount(pod: PodSummary): number {
  return pod.containers.reduce((sum, container) => sum + container.restartCount, 0);
}

/** The container a shell opens in when the user picked the pod: kubectl's default, the first main one. */
export function defaultContainer(pod: PodSummary): ContainerSummary | undefined {
  const main = pod.containers.filter((container) => container.kind === 'main');
  return main.find((container) => container.state.kind === 'running') ?? main[0] ?? pod.containers[0];
}

/**
 * Containers that have a log to read now: started ones (a waiting container has none yet), the
 * running ones first. A pod's log tab shows its first container's session state: a completed init
 * container's follow ends at once on a real kubelet, and the tab must not read "ended" while its
 * other containers still write.
 */
export function containersWithLogs(pod: PodSummary): ContainerSummary[] {
  const running = pod.containers.filter((container) => container.state.kind === 'running');
  const terminated = pod.containers.filter((container) => container.state.kind === 'terminated');
  return [...running, ...terminated];
}

/** The label that groups a pod with its siblings, for "logs of all pods with the same app label". */
export function appLabel(pod: PodSummary): { key: string; value: string } | null {
  for (const key of ['app.kubernetes.io/name', 'app', 'k8s-app']) {
    const value = pod.labels[key];
    if (value !== undefined && value !== '') return { key, value };
  }
  return null;
}
