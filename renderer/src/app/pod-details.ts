// What the pod details panel says, as pure functions of the PodDetails and events main sends: the
// one problem that matters most, in plain words at the top (the usual reason anyone opens a pod is
// "why is it crashing"), and each container's state as a short line. No clock is read here: the
// caller passes `now`.
import type { ContainerDetails, PodDetails, PodEvent } from '../../../shared/bridge/pod-details.ts';
import type { ContainerTermination } from '../../../shared/bridge/resources.ts';

export interface PodProblem {
  /** error: it does not run as it should; warning: it runs, but something is off. */
  readonly tone: 'error' | 'warning';
  readonly headline: string;
  /** The runtime's or server's own words, when it gave any. */
  readonly detail?: string;
}

const IMAGE_PULL_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);
/** Waiting reasons that are part of normal start-up, not a problem. */
const STARTING_REASONS = new Set(['', 'ContainerCreating', 'PodInitializing']);

function times(count: number): string {
  return count === 1 ? 'once' : `${count} times`;
}

function ended(termination: ContainerTermination): string {
  if (termination.reason === 'OOMKilled') return `was killed for using more memory than its limit (OOMKilled, exit code ${termination.exitCode})`;
  const reason = termination.reason === '' ? '' : ` (${termination.reason})`;
  return `exited with code ${termination.exitCode}${reason}`;
}

function containerProblem(container: ContainerDetails): PodProblem | null {
  const who = `${container.kind === 'init' ? 'Init container' : 'Container'} ${container.name}`;
  const { state } = container;
  if (state.kind === 'waiting' && state.reason === 'CrashLoopBackOff') {
    const last = container.lastTermination;
    const how = last === undefined ? 'keeps crashing' : `keeps crashing: it ${ended(last)}`;
    return {
      tone: 'error',
      headline: `${who} ${how}; restarted ${times(container.restartCount)}, Kubernetes waits longer before each restart (CrashLoopBackOff)`,
      ...(state.message === undefined ? {} : { detail: state.message }),
    };
  }
  if (state.kind === 'waiting' && IMAGE_PULL_REASONS.has(state.reason)) {
    return {
      tone: 'error',
      headline: `${who} cannot pull its image ${container.image} (${state.reason})`,
      ...(state.message === undefined ? {} : { detail: state.message }),
    };
  }
  if (state.kind === 'waiting' && !STARTING_REASONS.has(state.reason)) {
    return { tone: 'error', headline: `${who} cannot start: ${state.reason}`, ...(state.message === undefined ? {} : { detail: state.message }) };
  }
  if (state.kind === 'terminated' && state.exitCode !== 0) {
    const restarts = container.restartCount === 0 ? '' : `; restarted ${times(container.restartCount)} so far`;
    return { tone: 'error', headline: `${who} ${ended(container.termination ?? state)}${restarts}` };
  }
  // Running again, between crashes: the last crash is still the story.
  const last = container.lastTermination;
  if (last !== undefined && (last.exitCode !== 0 || last.reason === 'OOMKilled')) {
    return { tone: 'warning', headline: `${who} restarted ${times(container.restartCount)}; last time it ${ended(last)}` };
  }
  return null;
}

/** The most important thing wrong with the pod, or null when nothing is. */
export function podProblem(pod: PodDetails, events: readonly PodEvent[]): PodProblem | null {
  if (pod.reason !== undefined && pod.phase === 'Failed') {
    return { tone: 'error', headline: `The pod failed: ${pod.reason}`, ...(pod.message === undefined ? {} : { detail: pod.message }) };
  }
  // Init containers run first: while one fails, the others have not started, so it comes first.
  for (const container of pod.containers) {
    const problem = containerProblem(container);
    if (problem !== null) return problem;
  }
  const unscheduled = pod.conditions.find((condition) => condition.type === 'PodScheduled' && condition.status === 'False');
  if (unscheduled !== undefined) {
    return { tone: 'error', headline: 'The pod cannot be scheduled on any node', ...(unscheduled.message === undefined ? {} : { detail: unscheduled.message }) };
  }
  // A failing probe shows only as Warning events named Unhealthy (its words name the probe).
  const probe = events.find((event) => event.type === 'Warning' && event.reason === 'Unhealthy');
  if (probe !== undefined) {
    return { tone: 'warning', headline: `A probe fails${probe.count > 1 ? ` (${times(probe.count)})` : ''}`, detail: probe.message };
  }
  const notReady = pod.containers.find((container) => container.kind === 'main' && container.state.kind === 'running' && !container.ready);
  if (notReady !== undefined) return { tone: 'warning', headline: `Container ${notReady.name} is running but not ready` };
  return null;
}

/** A container's state in a few words: "Running", "Waiting: CrashLoopBackOff", "Exited 3 (Error)". */
export function stateText(container: ContainerDetails): string {
  const { state } = container;
  switch (state.kind) {
    case 'running':
      return container.ready ? 'Running, ready' : 'Running, not ready';
    case 'waiting':
      return state.reason === '' ? 'Waiting' : `Waiting: ${state.reason}`;
    case 'terminated':
      return `Exited ${state.exitCode}${state.reason === '' ? '' : ` (${state.reason})`}`;
    case 'unknown':
      return 'Not started';
  }
}

/** How a previous instance ended, for the container's row: "OOMKilled, exit 137, 5m ago". */
export function terminationText(termination: ContainerTermination, now: number): string {
  const reason = termination.reason === '' ? 'Ended' : termination.reason;
  const when = termination.finishedAt === undefined ? '' : `, ${ageText(termination.finishedAt, now)} ago`;
  return `${reason}, exit ${termination.exitCode}${when}`;
}

/** An age as kubectl writes it: "42s", "5m", "3h", "12d" (an unreadable time: "?"). */
export function ageText(time: string, now: number): string {
  const then = Date.parse(time);
  if (Number.isNaN(then)) return '?';
  const seconds = Math.max(0, Math.floor((now - then) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
