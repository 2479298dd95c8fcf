// One pod as its details panel shows it: every container with its state and last termination,
// the pod's conditions and placement, and the events that concern it. Flattened from the Pod and
// Event objects by main (main/core/resources/pod-details.ts, pod-events.ts), so the renderer never
// parses an API object.
import type { UserError } from './errors.ts';
import type { ContainerSummary, ContainerTermination, PodOwner, WatchHealth } from './resources.ts';

/** A container as the details panel shows it: its summary, plus readiness and how it ended. */
export interface ContainerDetails extends ContainerSummary {
  readonly ready: boolean;
  /** When the current state is 'terminated': how it ended (with the time). */
  readonly termination?: ContainerTermination;
}

export interface PodCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
}

export interface PodDetails {
  readonly uid: string;
  readonly name: string;
  readonly namespace: string;
  readonly phase: string;
  /** status.reason and status.message: Evicted, NodeLost, … */
  readonly reason?: string;
  readonly message?: string;
  readonly nodeName?: string;
  readonly podIP?: string;
  readonly qosClass?: string;
  readonly createdAt?: string;
  readonly deleting: boolean;
  readonly owner?: PodOwner;
  readonly containers: readonly ContainerDetails[];
  readonly conditions: readonly PodCondition[];
}

export interface PodEvent {
  readonly uid: string;
  /** 'Normal' or 'Warning' (the API allows no other, but a server may send one). */
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly count: number;
  /** The latest occurrence: lastTimestamp, eventTime or creationTimestamp, whichever is set. */
  readonly lastSeen?: string;
  /** Who reported it: kubelet, default-scheduler, … */
  readonly source?: string;
}

/** What a pod-details watch delivers: the pod, its events (newest first), and the watch's health. */
export type PodDetailsEvent =
  /** The pod as it is now; null once it does not exist (deleted, or never found). */
  | { readonly kind: 'pod'; readonly pod: PodDetails | null }
  | { readonly kind: 'events'; readonly events: readonly PodEvent[] }
  | { readonly kind: 'health'; readonly health: WatchHealth; readonly error?: UserError };

/** At most this many events are kept for a pod: the newest. */
export const MAX_POD_EVENTS = 100;
